extension Lexicon {
    /// The bundled lexicon text: common English words (function words, pronouns, numbers,
    /// colours, days and months, common nouns, verbs and adjectives) with General American
    /// ARPAbet pronunciations and stress digits, written for this project. Every word has
    /// exactly one primary stress (digit 1) except ``Lexicon/unstressedFunctionWords``, which
    /// have none.
    public static let bundledText = """
# Function words, pronouns, determiners, auxiliaries
a  AH0
an  AH0 N
the  DH AH0
of  AH0 V
to  T AH0
and  AH0 N D
or  AO0 R
but  B AH0 T
for  F ER0
at  AH0 T
from  F R AH0 M
as  AH0 Z
than  DH AH0 N
nor  N ER0
in  IH1 N
on  AA1 N
by  B AY1
with  W IH1 DH
about  AH0 B AW1 T
into  IH1 N T UW0
over  OW1 V ER0
under  AH1 N D ER0
after  AE1 F T ER0
before  B IH0 F AO1 R
behind  B IH0 HH AY1 N D
near  N IH1 R
up  AH1 P
down  D AW1 N
out  AW1 T
off  AO1 F
through  TH R UW1
around  ER0 AW1 N D
across  AH0 K R AO1 S
between  B IH0 T W IY1 N
without  W IH0 TH AW1 T
until  AH0 N T IH1 L
since  S IH1 N S
if  IH1 F
so  S OW1
because  B IH0 K AO1 Z
when  W EH1 N
where  W EH1 R
what  W AH1 T
who  HH UW1
why  W AY1
how  HH AW1
which  W IH1 CH
whose  HH UW1 Z
there  DH EH1 R
here  HH IH1 R
then  DH EH1 N
now  N AW1
not  N AA1 T
no  N OW1
yes  Y EH1 S
very  V EH1 R IY0
too  T UW1
also  AO1 L S OW0
just  JH AH1 S T
only  OW1 N L IY0
still  S T IH1 L
again  AH0 G EH1 N
always  AO1 L W EY2 Z
never  N EH1 V ER0
often  AO1 F AH0 N
sometimes  S AH1 M T AY2 M Z
soon  S UW1 N
today  T AH0 D EY1
tonight  T AH0 N AY1 T
tomorrow  T AH0 M AA1 R OW0
yesterday  Y EH1 S T ER0 D EY2
later  L EY1 T ER0
early  ER1 L IY0
late  L EY1 T
once  W AH1 N S
twice  T W AY1 S
almost  AO1 L M OW2 S T
quite  K W AY1 T
really  R IH1 L IY0
maybe  M EY1 B IY0
please  P L IY1 Z
i  AY1
me  M IY1
my  M AY1
mine  M AY1 N
you  Y UW1
your  Y AO1 R
yours  Y AO1 R Z
he  HH IY1
him  HH IH1 M
his  HH IH1 Z
she  SH IY1
her  HH ER1
hers  HH ER1 Z
it  IH1 T
its  IH1 T S
we  W IY1
us  AH1 S
our  AW1 ER0
ours  AW1 ER0 Z
they  DH EY1
them  DH EH1 M
their  DH EH1 R
theirs  DH EH1 R Z
this  DH IH1 S
that  DH AE1 T
these  DH IY1 Z
those  DH OW1 Z
some  S AH1 M
any  EH1 N IY0
every  EH1 V R IY0
each  IY1 CH
all  AO1 L
both  B OW1 TH
many  M EH1 N IY0
much  M AH1 CH
more  M AO1 R
most  M OW1 S T
few  F Y UW1
less  L EH1 S
other  AH1 DH ER0
another  AH0 N AH1 DH ER0
such  S AH1 CH
same  S EY1 M
own  OW1 N
something  S AH1 M TH IH2 NG
nothing  N AH1 TH IH0 NG
everything  EH1 V R IY0 TH IH2 NG
anything  EH1 N IY0 TH IH2 NG
someone  S AH1 M W AH2 N
everyone  EH1 V R IY0 W AH2 N
nobody  N OW1 B AA2 D IY0
somebody  S AH1 M B AA2 D IY0
is  IH1 Z
am  AE1 M
are  AA1 R
was  W AA1 Z
were  W ER1
be  B IY1
been  B IH1 N
being  B IY1 IH0 NG
do  D UW1
does  D AH1 Z
did  D IH1 D
done  D AH1 N
have  HH AE1 V
has  HH AE1 Z
had  HH AE1 D
will  W IH1 L
would  W UH1 D
can  K AE1 N
could  K UH1 D
shall  SH AE1 L
should  SH UH1 D
may  M EY1
might  M AY1 T
must  M AH1 S T
don't  D OW1 N T
doesn't  D AH1 Z AH0 N T
didn't  D IH1 D AH0 N T
can't  K AE1 N T
won't  W OW1 N T
isn't  IH1 Z AH0 N T
aren't  AA1 R AH0 N T
wasn't  W AA1 Z AH0 N T
it's  IH1 T S
i'm  AY1 M
let's  L EH1 T S
that's  DH AE1 T S
# Numbers
zero  Z IH1 R OW0
one  W AH1 N
two  T UW1
three  TH R IY1
four  F AO1 R
five  F AY1 V
six  S IH1 K S
seven  S EH1 V AH0 N
eight  EY1 T
nine  N AY1 N
ten  T EH1 N
eleven  IH0 L EH1 V AH0 N
twelve  T W EH1 L V
twenty  T W EH1 N T IY0
thirty  TH ER1 T IY0
forty  F AO1 R T IY0
fifty  F IH1 F T IY0
hundred  HH AH1 N D R AH0 D
thousand  TH AW1 Z AH0 N D
first  F ER1 S T
second  S EH1 K AH0 N D
third  TH ER1 D
last  L AE1 S T
next  N EH1 K S T
half  HH AE1 F
# Colours
red  R EH1 D
blue  B L UW1
green  G R IY1 N
yellow  Y EH1 L OW0
black  B L AE1 K
white  W AY1 T
brown  B R AW1 N
gray  G R EY1
pink  P IH1 NG K
orange  AO1 R AH0 N JH
purple  P ER1 P AH0 L
gold  G OW1 L D
silver  S IH1 L V ER0
# Days, months, seasons, time
monday  M AH1 N D EY2
tuesday  T UW1 Z D EY2
wednesday  W EH1 N Z D EY2
thursday  TH ER1 Z D EY2
friday  F R AY1 D EY2
saturday  S AE1 T ER0 D EY2
sunday  S AH1 N D EY2
january  JH AE1 N Y UW0 EH2 R IY0
march  M AA1 R CH
april  EY1 P R AH0 L
june  JH UW1 N
july  JH UW0 L AY1
august  AO1 G AH0 S T
october  AA0 K T OW1 B ER0
spring  S P R IH1 NG
summer  S AH1 M ER0
fall  F AO1 L
winter  W IH1 N T ER0
day  D EY1
night  N AY1 T
morning  M AO1 R N IH0 NG
evening  IY1 V N IH0 NG
afternoon  AE2 F T ER0 N UW1 N
week  W IY1 K
month  M AH1 N TH
year  Y IH1 R
hour  AW1 ER0
minute  M IH1 N AH0 T
time  T AY1 M
weekend  W IY1 K EH2 N D
# People and family
man  M AE1 N
woman  W UH1 M AH0 N
men  M EH1 N
women  W IH1 M AH0 N
boy  B OY1
girl  G ER1 L
child  CH AY1 L D
children  CH IH1 L D R AH0 N
baby  B EY1 B IY0
mother  M AH1 DH ER0
father  F AA1 DH ER0
sister  S IH1 S T ER0
brother  B R AH1 DH ER0
friend  F R EH1 N D
friends  F R EH1 N D Z
family  F AE1 M AH0 L IY0
people  P IY1 P AH0 L
teacher  T IY1 CH ER0
doctor  D AA1 K T ER0
farmer  F AA1 R M ER0
driver  D R AY1 V ER0
king  K IH1 NG
queen  K W IY1 N
student  S T UW1 D AH0 N T
neighbor  N EY1 B ER0
uncle  AH1 NG K AH0 L
aunt  AE1 N T
# Animals
dog  D AO1 G
dogs  D AO1 G Z
cat  K AE1 T
cats  K AE1 T S
bird  B ER1 D
birds  B ER1 D Z
fish  F IH1 SH
horse  HH AO1 R S
cow  K AW1
pig  P IH1 G
sheep  SH IY1 P
duck  D AH1 K
mouse  M AW1 S
bear  B EH1 R
fox  F AA1 K S
rabbit  R AE1 B AH0 T
lion  L AY1 AH0 N
goat  G OW1 T
frog  F R AA1 G
bee  B IY1
# Home and things
house  HH AW1 S
home  HH OW1 M
room  R UW1 M
door  D AO1 R
window  W IH1 N D OW0
wall  W AO1 L
floor  F L AO1 R
roof  R UW1 F
table  T EY1 B AH0 L
chair  CH EH1 R
bed  B EH1 D
kitchen  K IH1 CH AH0 N
garden  G AA1 R D AH0 N
yard  Y AA1 R D
book  B UH1 K
books  B UH1 K S
letter  L EH1 T ER0
paper  P EY1 P ER0
pen  P EH1 N
box  B AA1 K S
bag  B AE1 G
cup  K AH1 P
glass  G L AE1 S
plate  P L EY1 T
bowl  B OW1 L
spoon  S P UW1 N
knife  N AY1 F
lamp  L AE1 M P
clock  K L AA1 K
phone  F OW1 N
key  K IY1
keys  K IY1 Z
bell  B EH1 L
ball  B AO1 L
toy  T OY1
hat  HH AE1 T
coat  K OW1 T
shirt  SH ER1 T
shoes  SH UW1 Z
dress  D R EH1 S
ring  R IH1 NG
bottle  B AA1 T AH0 L
basket  B AE1 S K AH0 T
picture  P IH1 K CH ER0
radio  R EY1 D IY0 OW2
music  M Y UW1 Z IH0 K
song  S AO1 NG
game  G EY1 M
gift  G IH1 F T
money  M AH1 N IY0
map  M AE1 P
ticket  T IH1 K AH0 T
# Food and drink
food  F UW1 D
bread  B R EH1 D
milk  M IH1 L K
water  W AO1 T ER0
tea  T IY1
coffee  K AA1 F IY0
apple  AE1 P AH0 L
apples  AE1 P AH0 L Z
egg  EH1 G
eggs  EH1 G Z
cheese  CH IY1 Z
butter  B AH1 T ER0
cake  K EY1 K
soup  S UW1 P
rice  R AY1 S
meat  M IY1 T
corn  K AO1 R N
salt  S AO1 L T
sugar  SH UH1 G ER0
honey  HH AH1 N IY0
lemon  L EH1 M AH0 N
pie  P AY1
juice  JH UW1 S
dinner  D IH1 N ER0
lunch  L AH1 N CH
breakfast  B R EH1 K F AH0 S T
# Places
town  T AW1 N
city  S IH1 T IY0
street  S T R IY1 T
road  R OW1 D
school  S K UW1 L
church  CH ER1 CH
store  S T AO1 R
shop  SH AA1 P
market  M AA1 R K AH0 T
park  P AA1 R K
bank  B AE1 NG K
office  AO1 F AH0 S
station  S T EY1 SH AH0 N
bridge  B R IH1 JH
farm  F AA1 R M
village  V IH1 L AH0 JH
country  K AH1 N T R IY0
world  W ER1 L D
hospital  HH AA1 S P IH2 T AH0 L
library  L AY1 B R EH2 R IY0
beach  B IY1 CH
island  AY1 L AH0 N D
# Nature and weather
sun  S AH1 N
moon  M UW1 N
star  S T AA1 R
stars  S T AA1 R Z
sky  S K AY1
cloud  K L AW1 D
rain  R EY1 N
snow  S N OW1
wind  W IH1 N D
storm  S T AO1 R M
weather  W EH1 DH ER0
tree  T R IY1
trees  T R IY1 Z
flower  F L AW1 ER0
flowers  F L AW1 ER0 Z
grass  G R AE1 S
leaf  L IY1 F
leaves  L IY1 V Z
river  R IH1 V ER0
lake  L EY1 K
sea  S IY1
hill  HH IH1 L
mountain  M AW1 N T AH0 N
forest  F AO1 R AH0 S T
stone  S T OW1 N
rock  R AA1 K
fire  F AY1 ER0
ice  AY1 S
air  EH1 R
light  L AY1 T
field  F IY1 L D
sand  S AE1 N D
# Travel, work, body, abstract nouns
car  K AA1 R
bus  B AH1 S
train  T R EY1 N
boat  B OW1 T
ship  SH IH1 P
plane  P L EY1 N
bike  B AY1 K
truck  T R AH1 K
trip  T R IH1 P
job  JH AA1 B
work  W ER1 K
class  K L AE1 S
lesson  L EH1 S AH0 N
story  S T AO1 R IY0
news  N UW1 Z
word  W ER1 D
words  W ER1 D Z
name  N EY1 M
idea  AY0 D IY1 AH0
question  K W EH1 S CH AH0 N
answer  AE1 N S ER0
problem  P R AA1 B L AH0 M
plan  P L AE1 N
place  P L EY1 S
thing  TH IH1 NG
things  TH IH1 NG Z
way  W EY1
part  P AA1 R T
side  S AY1 D
end  EH1 N D
party  P AA1 R T IY0
meeting  M IY1 T IH0 NG
sound  S AW1 N D
voice  V OY1 S
noise  N OY1 Z
color  K AH1 L ER0
head  HH EH1 D
hand  HH AE1 N D
hands  HH AE1 N D Z
face  F EY1 S
eyes  AY1 Z
ear  IH1 R
nose  N OW1 Z
mouth  M AW1 TH
hair  HH EH1 R
arm  AA1 R M
leg  L EH1 G
foot  F UH1 T
feet  F IY1 T
heart  HH AA1 R T
back  B AE1 K
life  L AY1 F
love  L AH1 V
help  HH EH1 L P
luck  L AH1 K
fun  F AH1 N
rest  R EH1 S T
peace  P IY1 S
war  W AO1 R
dream  D R IY1 M
fear  F IH1 R
hope  HH OW1 P
truth  T R UW1 TH
power  P AW1 ER0
# Verbs
go  G OW1
goes  G OW1 Z
went  W EH1 N T
gone  G AO1 N
going  G OW1 IH0 NG
come  K AH1 M
comes  K AH1 M Z
came  K EY1 M
coming  K AH1 M IH0 NG
see  S IY1
sees  S IY1 Z
saw  S AO1
seen  S IY1 N
look  L UH1 K
looks  L UH1 K S
looked  L UH1 K T
watch  W AA1 CH
watched  W AA1 CH T
hear  HH IH1 R
heard  HH ER1 D
listen  L IH1 S AH0 N
say  S EY1
says  S EH1 Z
said  S EH1 D
tell  T EH1 L
told  T OW1 L D
speak  S P IY1 K
talk  T AO1 K
talked  T AO1 K T
call  K AO1 L
called  K AO1 L D
ask  AE1 S K
asked  AE1 S K T
know  N OW1
knows  N OW1 Z
knew  N UW1
think  TH IH1 NG K
thought  TH AO1 T
want  W AA1 N T
wants  W AA1 N T S
wanted  W AA1 N T AH0 D
need  N IY1 D
needs  N IY1 D Z
like  L AY1 K
likes  L AY1 K S
liked  L AY1 K T
feel  F IY1 L
felt  F EH1 L T
make  M EY1 K
makes  M EY1 K S
made  M EY1 D
take  T EY1 K
takes  T EY1 K S
took  T UH1 K
give  G IH1 V
gave  G EY1 V
get  G EH1 T
gets  G EH1 T S
got  G AA1 T
put  P UH1 T
keep  K IY1 P
kept  K EH1 P T
find  F AY1 N D
found  F AW1 N D
lose  L UW1 Z
lost  L AO1 S T
bring  B R IH1 NG
brought  B R AO1 T
buy  B AY1
bought  B AO1 T
sell  S EH1 L
sold  S OW1 L D
pay  P EY1
paid  P EY1 D
eat  IY1 T
eats  IY1 T S
ate  EY1 T
drink  D R IH1 NG K
cook  K UH1 K
cooked  K UH1 K T
sleep  S L IY1 P
sleeps  S L IY1 P S
slept  S L EH1 P T
wake  W EY1 K
sit  S IH1 T
sat  S AE1 T
stand  S T AE1 N D
stood  S T UH1 D
walk  W AO1 K
walks  W AO1 K S
walked  W AO1 K T
run  R AH1 N
runs  R AH1 N Z
ran  R AE1 N
jump  JH AH1 M P
swim  S W IH1 M
fly  F L AY1
flew  F L UW1
drive  D R AY1 V
ride  R AY1 D
play  P L EY1
plays  P L EY1 Z
played  P L EY1 D
sing  S IH1 NG
sang  S AE1 NG
dance  D AE1 N S
read  R IY1 D
write  R AY1 T
wrote  R OW1 T
draw  D R AO1
paint  P EY1 N T
learn  L ER1 N
teach  T IY1 CH
study  S T AH1 D IY0
open  OW1 P AH0 N
opened  OW1 P AH0 N D
close  K L OW1 Z
closed  K L OW1 Z D
start  S T AA1 R T
stop  S T AA1 P
stopped  S T AA1 P T
begin  B IH0 G IH1 N
finish  F IH1 N IH0 SH
wait  W EY1 T
waited  W EY1 T AH0 D
stay  S T EY1
leave  L IY1 V
left  L EH1 F T
live  L IH1 V
lives  L IH1 V Z
lived  L IH1 V D
move  M UW1 V
turn  T ER1 N
carry  K AE1 R IY0
hold  HH OW1 L D
throw  TH R OW1
catch  K AE1 CH
wash  W AA1 SH
clean  K L IY1 N
fix  F IH1 K S
build  B IH1 L D
built  B IH1 L T
grow  G R OW1
grows  G R OW1 Z
send  S EH1 N D
sent  S EH1 N T
meet  M IY1 T
met  M EH1 T
visit  V IH1 Z AH0 T
visited  V IH1 Z AH0 T AH0 D
try  T R AY1
tried  T R AY1 D
use  Y UW1 Z
show  SH OW1
showed  SH OW1 D
laugh  L AE1 F
smile  S M AY1 L
cry  K R AY1
shout  SH AW1 T
win  W IH1 N
won  W AH1 N
miss  M IH1 S
missed  M IH1 S T
follow  F AA1 L OW0
remember  R IH0 M EH1 M B ER0
forget  F ER0 G EH1 T
forgot  F ER0 G AA1 T
understand  AH2 N D ER0 S T AE1 N D
believe  B IH0 L IY1 V
hurry  HH ER1 IY0
snowed  S N OW1 D
rained  R EY1 N D
# Adjectives
good  G UH1 D
bad  B AE1 D
big  B IH1 G
small  S M AO1 L
little  L IH1 T AH0 L
large  L AA1 R JH
long  L AO1 NG
short  SH AO1 R T
tall  T AO1 L
high  HH AY1
low  L OW1
old  OW1 L D
new  N UW1
young  Y AH1 NG
hot  HH AA1 T
cold  K OW1 L D
warm  W AO1 R M
cool  K UW1 L
wet  W EH1 T
dry  D R AY1
happy  HH AE1 P IY0
sad  S AE1 D
angry  AE1 NG G R IY0
tired  T AY1 ER0 D
hungry  HH AH1 NG G R IY0
busy  B IH1 Z IY0
free  F R IY1
easy  IY1 Z IY0
hard  HH AA1 R D
soft  S AO1 F T
fast  F AE1 S T
slow  S L OW1
quick  K W IH1 K
quiet  K W AY1 AH0 T
loud  L AW1 D
bright  B R AY1 T
dark  D AA1 R K
dirty  D ER1 T IY0
full  F UH1 L
empty  EH1 M P T IY0
heavy  HH EH1 V IY0
rich  R IH1 CH
poor  P UH1 R
kind  K AY1 N D
nice  N AY1 S
pretty  P R IH1 T IY0
beautiful  B Y UW1 T AH0 F AH0 L
strong  S T R AO1 NG
weak  W IY1 K
sick  S IH1 K
well  W EH1 L
sweet  S W IY1 T
sour  S AW1 ER0
fresh  F R EH1 SH
ready  R EH1 D IY0
right  R AY1 T
wrong  R AO1 NG
true  T R UW1
real  R IY1 L
sure  SH UH1 R
safe  S EY1 F
lucky  L AH1 K IY0
funny  F AH1 N IY0
strange  S T R EY1 N JH
important  IH0 M P AO1 R T AH0 N T
different  D IH1 F ER0 AH0 N T
favorite  F EY1 V ER0 AH0 T
round  R AW1 N D
deep  D IY1 P
wide  W AY1 D
far  F AA1 R
great  G R EY1 T
best  B EH1 S T
better  B EH1 T ER0
worse  W ER1 S
lonely  L OW1 N L IY0
careful  K EH1 R F AH0 L
clever  K L EH1 V ER0
gentle  JH EH1 N T AH0 L
proud  P R AW1 D
calm  K AA1 M
cheap  CH IY1 P
smart  S M AA1 R T
# More nouns for variety
dollar  D AA1 L ER0
dollars  D AA1 L ER0 Z
# Further common words
boys  B OY1 Z
girls  G ER1 L Z
kids  K IH1 D Z
kid  K IH1 D
cars  K AA1 R Z
houses  HH AW1 Z AH0 Z
rooms  R UW1 M Z
doors  D AO1 R Z
windows  W IH1 N D OW0 Z
days  D EY1 Z
weeks  W IY1 K S
years  Y IH1 R Z
hours  AW1 ER0 Z
minutes  M IH1 N AH0 T S
songs  S AO1 NG Z
games  G EY1 M Z
letters  L EH1 T ER0 Z
stories  S T AO1 R IY0 Z
cups  K AH1 P S
boxes  B AA1 K S AH0 Z
hats  HH AE1 T S
shoe  SH UW1
sock  S AA1 K
socks  S AA1 K S
glasses  G L AE1 S AH0 Z
chairs  CH EH1 R Z
tables  T EY1 B AH0 L Z
horses  HH AO1 R S AH0 Z
cows  K AW1 Z
ducks  D AH1 K S
bees  B IY1 Z
lamb  L AE1 M
wolf  W UH1 L F
snake  S N EY1 K
hen  HH EH1 N
owl  AW1 L
whale  W EY1 L
deer  D IH1 R
candle  K AE1 N D AH0 L
blanket  B L AE1 NG K AH0 T
pillow  P IH1 L OW0
mirror  M IH1 R ER0
towel  T AW1 AH0 L
soap  S OW1 P
brush  B R AH1 SH
piano  P IY0 AE1 N OW0
guitar  G IH0 T AA1 R
drum  D R AH1 M
movie  M UW1 V IY0
camera  K AE1 M ER0 AH0
computer  K AH0 M P Y UW1 T ER0
garage  G ER0 AA1 ZH
engine  EH1 N JH AH0 N
wheel  W IY1 L
tire  T AY1 ER0
seat  S IY1 T
path  P AE1 TH
corner  K AO1 R N ER0
fence  F EH1 N S
gate  G EY1 T
pool  P UW1 L
tower  T AW1 ER0
castle  K AE1 S AH0 L
wood  W UH1 D
metal  M EH1 T AH0 L
banana  B AH0 N AE1 N AH0
potato  P AH0 T EY1 T OW2
tomato  T AH0 M EY1 T OW2
carrot  K AE1 R AH0 T
bean  B IY1 N
beans  B IY1 N Z
pear  P EH1 R
grape  G R EY1 P
cherry  CH EH1 R IY0
cookie  K UH1 K IY0
candy  K AE1 N D IY0
sandwich  S AE1 N D W IH0 CH
chicken  CH IH1 K AH0 N
pizza  P IY1 T S AH0
salad  S AE1 L AH0 D
noodles  N UW1 D AH0 L Z
oil  OY1 L
pepper  P EH1 P ER0
nurse  N ER1 S
pilot  P AY1 L AH0 T
singer  S IH1 NG ER0
writer  R AY1 T ER0
painter  P EY1 N T ER0
baker  B EY1 K ER0
captain  K AE1 P T AH0 N
soldier  S OW1 L JH ER0
guest  G EH1 S T
guests  G EH1 S T S
team  T IY1 M
club  K L AH1 B
band  B AE1 N D
crowd  K R AW1 D
army  AA1 R M IY0
nation  N EY1 SH AH0 N
kingdom  K IH1 NG D AH0 M
bottom  B AA1 T AH0 M
top  T AA1 P
middle  M IH1 D AH0 L
edge  EH1 JH
shadow  SH AE1 D OW0
smoke  S M OW1 K
dust  D AH1 S T
mud  M AH1 D
wave  W EY1 V
waves  W EY1 V Z
shell  SH EH1 L
feather  F EH1 DH ER0
nest  N EH1 S T
north  N AO1 R TH
south  S AW1 TH
east  IY1 S T
west  W EH1 S T
holiday  HH AA1 L AH0 D EY2
birthday  B ER1 TH D EY2
christmas  K R IH1 S M AH0 S
number  N AH1 M B ER0
line  L AY1 N
circle  S ER1 K AH0 L
square  S K W EH1 R
page  P EY1 JH
pages  P EY1 JH AH0 Z
note  N OW1 T
card  K AA1 R D
cards  K AA1 R D Z
chance  CH AE1 N S
reason  R IY1 Z AH0 N
secret  S IY1 K R AH0 T
surprise  S ER0 P R AY1 Z
mistake  M IH0 S T EY1 K
price  P R AY1 S
# More verbs
opens  OW1 P AH0 N Z
closes  K L OW1 Z AH0 Z
starts  S T AA1 R T S
started  S T AA1 R T AH0 D
stops  S T AA1 P S
helps  HH EH1 L P S
helped  HH EH1 L P T
works  W ER1 K S
worked  W ER1 K T
calls  K AO1 L Z
talks  T AO1 K S
sings  S IH1 NG Z
reads  R IY1 D Z
writes  R AY1 T S
drives  D R AY1 V Z
drove  D R OW1 V
rides  R AY1 D Z
rode  R OW1 D
swims  S W IH1 M Z
flies  F L AY1 Z
jumps  JH AH1 M P S
jumped  JH AH1 M P T
cooks  K UH1 K S
washed  W AA1 SH T
cleaned  K L IY1 N D
painted  P EY1 N T AH0 D
fixed  F IH1 K S T
carried  K AE1 R IY0 D
dropped  D R AA1 P T
drop  D R AA1 P
pick  P IH1 K
picked  P IH1 K T
pull  P UH1 L
push  P UH1 SH
kick  K IH1 K
hit  HH IH1 T
cut  K AH1 T
break  B R EY1 K
broke  B R OW1 K
broken  B R OW1 K AH0 N
fell  F EH1 L
hide  HH AY1 D
hid  HH IH1 D
share  SH EH1 R
borrow  B AA1 R OW0
lend  L EH1 N D
count  K AW1 N T
spell  S P EH1 L
touch  T AH1 CH
smell  S M EH1 L
taste  T EY1 S T
shine  SH AY1 N
shines  SH AY1 N Z
blow  B L OW1
blew  B L UW1
burn  B ER1 N
melt  M EH1 L T
bake  B EY1 K
baked  B EY1 K T
plant  P L AE1 N T
planted  P L AE1 N T AH0 D
feed  F IY1 D
fed  F EH1 D
climb  K L AY1 M
climbed  K L AY1 M D
travel  T R AE1 V AH0 L
arrive  ER0 AY1 V
arrived  ER0 AY1 V D
return  R IH0 T ER1 N
returned  R IH0 T ER1 N D
enjoy  EH0 N JH OY1
enjoyed  EH0 N JH OY1 D
wish  W IH1 SH
guess  G EH1 S
agree  AH0 G R IY1
decide  D IH0 S AY1 D
happen  HH AE1 P AH0 N
happened  HH AE1 P AH0 N D
change  CH EY1 N JH
# Words the built-in sentences need
along  AH0 L AO1 NG
asleep  AH0 S L IY1 P
away  AH0 W EY1
barn  B AA1 R N
begins  B IH0 G IH1 N Z
bloom  B L UW1 M
brothers  B R AH1 DH ER0 Z
burned  B ER1 N D
caught  K AO1 T
clear  K L IH1 R
clown  K L AW1 N
coats  K OW1 T S
cookies  K UH1 K IY0 Z
covered  K AH1 V ER0 D
cried  K R AY1 D
crossed  K R AO1 S T
crown  K R AW1 N
danced  D AE1 N S T
drank  D R AE1 NG K
drew  D R UW1
dried  D R AY1 D
drinks  D R IH1 NG K S
ears  IH1 R Z
held  HH EH1 L D
howled  HH AW1 L D
hurt  HH ER1 T
kicked  K IH1 K T
kitten  K IH1 T AH0 N
laughed  L AE1 F T
learned  L ER1 N D
lock  L AA1 K
melted  M EH1 L T AH0 D
months  M AH1 N TH S
moved  M UW1 V D
nearest  N IH1 R AH0 S T
nights  N AY1 T S
noon  N UW1 N
outside  AW1 T S AY2 D
paints  P EY1 N T S
pair  P EH1 R
pears  P EH1 R Z
pens  P EH1 N Z
pictures  P IH1 K CH ER0 Z
race  R EY1 S
rainbow  R EY1 N B OW2
rang  R AE1 NG
reading  R IY1 D IH0 NG
rolled  R OW1 L D
sailed  S EY1 L D
salty  S AO1 L T IY0
shelf  SH EH1 L F
shops  SH AA1 P S
shouted  SH AW1 T AH0 D
singing  S IH1 NG IH0 NG
sleeping  S L IY1 P IH0 NG
slowly  S L OW1 L IY0
smells  S M EH1 L Z
smiled  S M AY1 L D
stayed  S T EY1 D
students  S T UW1 D AH0 N T S
swam  S W AE1 M
together  T AH0 G EH1 DH ER0
turned  T ER1 N D
umbrella  AH0 M B R EH1 L AH0
woke  W OW1 K
woods  W UH1 D Z
wore  W AO1 R
zoo  Z UW1
sail  S EY1 L
thank  TH AE1 NG K
lovely  L AH1 V L IY0
yet  Y EH1 T
stopping  S T AA1 P IH0 NG
"""
}
