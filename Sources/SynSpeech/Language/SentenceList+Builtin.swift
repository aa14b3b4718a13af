extension SentenceList {
    /// The built-in sentences, one per line: statements and questions of 2 to 8 words, every
    /// word in ``Lexicon/bundled``, written for this project.
    public static let builtInText = """
The dog ran to the park.
My sister likes green apples.
We walked home in the rain.
The cat sat on the warm chair.
Please close the door.
Where did you put the keys?
The sun is bright today.
He wrote a long letter to his mother.
They played a game after dinner.
The children sang a happy song.
Is the water cold?
I need a new pair of shoes.
She found a gold ring in the sand.
The bus was late again.
Can you help me with this box?
Our teacher told us a funny story.
The birds flew over the lake.
My father drives a blue truck.
It was a quiet night.
Do you like hot soup?
The baby is sleeping.
We ate bread and cheese for lunch.
The store opens at nine.
Who called you yesterday?
The old man walked with his dog.
Her brother plays the piano.
The river is very deep.
I bought three red pens.
The wind blew all night.
Why are you so tired?
The farmer has five cows.
My friend lives near the school.
The lamp is on the table.
They built a small house.
What time is it?
The snow fell on the hill.
He drank a cup of coffee.
She paints pictures of flowers.
We will visit the city tomorrow.
Are the eggs fresh?
The girl smiled at her father.
A big storm came from the west.
The train leaves at ten.
I forgot my coat at home.
How old is your brother?
The moon was full and bright.
My aunt baked a lemon cake.
The horse stood in the field.
Please bring me a glass of water.
Did the team win the game?
The kitchen is warm and clean.
He lost his keys again.
The children played in the yard.
Our neighbor has a black cat.
When does the party start?
The sky turned dark and gray.
She reads a book every night.
The fox ran into the forest.
We need more milk.
Is this your bag?
The doctor was very kind.
I saw a rabbit in the garden.
The ship sailed across the sea.
My mother likes tea with honey.
Where is the library?
The boy kicked the ball.
They waited for the bus.
The flowers grow in the spring.
He sold his old car.
Can we go to the beach?
The bread is in the basket.
A small bird sat on the roof.
The teacher asked a question.
I like the color purple.
Who made this cake?
The road was wet and dark.
She gave me a gift.
We sat by the fire.
The clock stopped at noon.
Did you see the stars last night?
My brother found a frog.
The pool is empty.
Her dress is pink and white.
The king lived in a castle.
We drove to the mountain.
Are you hungry?
The queen wore a gold hat.
He ran fast.
The lake was calm.
I will call you later.
The bees like the flowers.
What did she say?
The little duck swam away.
My friends came on Friday.
The meat is too salty.
Can you hear the music?
She opened the window.
The cow gave fresh milk.
They live in a small village.
Is the shop open on Sunday?
The girl lost her red shoe.
We ate pizza on Saturday.
The wolf walked through the snow.
Who is your favorite singer?
The bridge is very long.
Mother cooked rice and beans.
The car needs a new tire.
Do you know his name?
The children were happy.
I sent a card to my aunt.
The boat is on the river.
How many apples did you buy?
She is a good writer.
The owl sat in the tree.
My uncle works in a bank.
The sheep are in the field.
Where did they go?
The morning was cold and bright.
The baker made fresh bread.
Did you finish your work?
We walked along the beach.
The pilot flew the plane home.
The room was dark.
Why did the baby cry?
Her voice is soft and sweet.
The dog jumped over the fence.
I drink tea every morning.
The leaves are yellow and brown.
Is it going to rain?
The students read the story.
He fixed the old clock.
The market is busy on Monday.
What is in the box?
A lion lives in the zoo.
My sister has long hair.
They sold the farm.
Can I borrow your pen?
The soldier stood by the gate.
We planted trees in April.
The cookies are in the kitchen.
Is your father home?
The singer sang a sad song.
The hen sat on her nest.
He took the train to the city.
The children drew a map.
Where are my socks?
The captain lives on a ship.
The pears are sweet.
I met her at the station.
Does the bus stop here?
Our house has a blue door.
The wind is strong today.
She tried the soup.
The guests arrived at eight.
Which book did you read?
The ice melted in the sun.
My mother works in a hospital.
The crowd was very loud.
Are these your glasses?
The deer ran into the woods.
He plays the drum.
The candle burned all night.
I want a cup of juice.
The road goes to the farm.
Who took my hat?
The sea is calm today.
She has two brothers.
The bell rang at noon.
We need bread and butter.
Is the baby asleep?
The whale swam near the boat.
My friend painted the fence.
They stayed home on Sunday.
How far is the station?
The tomato is red.
The kids ran to the pool.
His shirt is dirty.
What color is the sky?
The tree is very tall.
I heard a strange noise.
We had chicken for dinner.
The nurse was very gentle.
Did you lock the door?
The snake hid under the rock.
She wants a new bike.
The stars are bright tonight.
Please sit down.
Where does your aunt live?
The grass is green and soft.
My brother broke the window.
The cake is too sweet.
Can you swim?
They watched a movie last night.
The children need warm coats.
He told me a secret.
The wind moved the leaves.
Is the coffee hot?
I found a shell on the beach.
The farmer planted corn.
Our team won again.
Who is at the door?
The sun went down.
She likes to dance.
My father reads the news.
The goat ate the grass.
Do you want some cheese?
The plane flew over the city.
I lost my ticket.
The old castle is empty.
What did you eat for lunch?
The bird has a blue feather.
We played cards after dinner.
The kitten is asleep.
The mountain is covered in snow.
Are you ready?
The children washed their hands.
He bought a new camera.
The river runs to the sea.
Why is the baby sad?
She fed the ducks.
The library opens at ten.
My sister is a nurse.
Did it snow last night?
The cup is on the floor.
We walked to school together.
The soup is too hot.
Where is your brother?
The rabbit ate a carrot.
Thursday is my birthday.
They moved to a new house.
How was the party?
The baby has blue eyes.
Dinner is ready.
I want to go home.
The road is closed.
Who won the game?
The lamb ran to its mother.
We saw a rainbow.
Do you have a dog?
Is she your sister?
Can the children play outside?
Will you come to the party?
Did he call his mother?
Where is the old bridge?
When did the train arrive?
What is your name?
Who wrote this letter?
Why is the road closed?
How did you find the key?
Are the shops open today?
Is it cold outside?
Does your brother like fish?
Can you read this page?
Will it rain tomorrow?
Did you see my keys?
Where do you work?
When is your birthday?
What did the teacher say?
Who lives in that house?
Why did you leave early?
How many days are in a week?
Is the soup ready?
Do they live near the lake?
Can we eat now?
Would you like some tea?
Could you open the window?
Should we wait for them?
Have you seen my hat?
Has the bus left?
Was the movie good?
Were the children happy?
Is there any milk?
Are there any apples left?
What time does the store close?
Where are the cups?
Who is your teacher?
Which road goes to the beach?
How is your father?
Did you sleep well?
Do you want to dance?
Can I sit here?
Is that your car?
Are you busy tonight?
May I ask a question?
What are you reading?
Where is the nearest bank?
Why are the birds singing?
Who broke the glass?
How much is the ticket?
Did she win the race?
Is the water warm?
Do you like the color blue?
Can you hear the bell?
Will your friends come?
What happened to your hand?
Where did you buy that coat?
When will the rain stop?
Who is the tall man?
The pizza was hot and fresh.
My dog likes to swim.
We went to the market on Tuesday.
The children laughed at the clown.
He cut the bread with a knife.
She carried the basket home.
The night was long and cold.
I keep my money in a box.
The students learned a new song.
Our garden has red and yellow flowers.
The cat caught a mouse.
My uncle has a big farm.
He climbed the tall tree.
The doctor works at night.
We found a nest in the tree.
The milk is in the glass.
They drove all day.
The queen has a silver crown.
Her eyes are brown.
The ball rolled down the hill.
I ate an orange.
The sky is clear and blue.
My mother sent me a letter.
The boy and his dog ran home.
She cleaned the kitchen.
The man sold fresh fish.
We enjoyed the music.
The frog jumped into the lake.
He waited for an hour.
The girls played with a ball.
It was a beautiful day.
The fire was warm.
My brother learned to drive.
The pig rolled in the mud.
Her friend is from the south.
The rain stopped at noon.
The painter painted the door green.
I like my new shoes.
The baby held my hand.
The horses ran across the field.
We planted beans and corn.
The book is on the shelf.
He is a very good cook.
She walked to the store.
The cloud covered the sun.
The door was open.
My sister baked cookies.
They crossed the river.
The teacher wrote on the wall.
I will be back soon.
The lemon is sour.
The bear ate some honey.
The guests ate cake and pie.
He kept the secret.
We saw the moon and the stars.
The boat moved slowly.
The cows are in the barn.
She forgot her umbrella.
I like rice with beans.
The wind was very cold.
Ten birds sat on the wall.
Two cats slept by the fire.
Three boys walked to school.
Four friends played cards.
Five ducks swam in the pool.
Six eggs are in the bowl.
Seven days make a week.
Eight horses ran in the race.
Nine children sang together.
Twelve months make a year.
I have twenty dollars.
She is thirty years old.
He bought fifty apples.
The house is a hundred years old.
A thousand stars shine tonight.
The first day was hard.
The second song was better.
The third house is ours.
The last train left at eleven.
The next bus comes soon.
Half the cake is gone.
My birthday is in June.
School starts in August.
We travel in July.
The snow came in January.
Spring begins in March.
The flowers bloom in April.
October is cold and wet.
Summer is my favorite time.
Winter nights are long.
The leaves fall in the fall.
Monday was a busy day.
Tuesday is my day off.
We meet on Wednesday.
The party is on Thursday.
Friday night was fun.
Saturday morning was quiet.
Sunday is a day of rest.
The weekend was too short.
It rained all week.
The meeting is at two.
Dinner is at seven.
I wake up at six.
He slept for ten hours.
The movie was two hours long.
Wait a minute.
The year was long and hard.
Every morning she drinks coffee.
Each child has a book.
Both girls are tall.
Many people came to the party.
Few birds stay in winter.
Some people like cold weather.
All the shops are closed.
Nobody came to the meeting.
Everyone likes a good story.
Someone left the door open.
Nothing is wrong.
Everything is ready.
Somebody took my pen.
The red car is fast.
The white dog is asleep.
The black cat has green eyes.
The yellow flowers are pretty.
The brown horse is strong.
The gray cloud brought rain.
The blue boat is small.
The pink dress is new.
The orange cup is empty.
The purple hat is mine.
The gold ring is heavy.
The silver key is lost.
The green grass is wet.
A white bird flew by.
The old bridge is broken.
The young girl is clever.
The big dog is gentle.
The little boy is proud.
The new teacher is kind.
The tall tree fell down.
The short path goes home.
The hot sun dried the grass.
The cold wind blew.
The dark room was quiet.
The bright light woke me.
The quiet child read a book.
The loud music hurt my ears.
The heavy box fell.
The soft pillow is warm.
The sweet cake is gone.
The fresh bread smells good.
The clean shirt is dry.
The dirty shoes are outside.
The empty house is cold.
The full moon is bright.
The rich man bought a ship.
The poor dog is hungry.
The happy children danced.
The sad girl cried.
The angry man shouted.
The tired farmer slept.
The busy baker made bread.
The strange noise stopped.
The lucky boy found money.
The careful driver stopped.
The lonely wolf howled.
The deep lake is cold.
The wide river is slow.
The long road goes north.
The round table is old.
Is the zoo open today?
Do you have an umbrella?
The clown wore a red nose.
Where are the students going?
The students learned fast.
Did the rabbit run away?
Are the cookies in the box?
The girl held a candle.
The wolf howled at the moon.
He kicked the ball into the pool.
We sailed along the river.
The boys swam in the lake.
Can you lock the door?
The pears are in the bowl.
What is on the shelf?
The shops close at six.
Who rang the bell?
The baby is sleeping now.
I drank cold water.
They moved to the city.
The crown is made of gold.
The sky is clear tonight.
Are your ears cold?
My brothers are tall.
The forest is dark and quiet.
Will you stay for dinner?
She smiled at me.
Did you hurt your leg?
The fish swam under the boat.
Where did you find the kitten?
My hands are cold.
The rain covered the road.
Who is singing?
The old lamp is broken.
Does the train stop here?
Good morning.
Thank you.
Come here.
Look at the sky.
Listen to the rain.
Go to sleep.
Let's go home.
I'm very happy today.
It's a lovely day.
That's my favorite song.
We didn't see the bus.
She doesn't like cold soup.
They aren't home yet.
He wasn't at school.
I can't find my shoes.
You won't believe this story.
The rain isn't stopping.
Don't forget your keys.
The east wind is cold.
The island is far away.
The tower is very high.
Our guests brought flowers.
The nurse helped the old woman.
The driver stopped the truck.
Can you count to ten?
"""
}
