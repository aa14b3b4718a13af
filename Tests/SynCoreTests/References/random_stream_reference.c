/*
 * The script behind the constants of Tests/SynCoreTests/RandomStreamTests.swift.
 *
 * An independent C transcription of the two published generators, written from their
 * definitions (not from the Swift code under test):
 *   - xoshiro256** by David Blackman and Sebastiano Vigna, "Scrambled linear pseudorandom
 *     number generators" (ACM TOMS, 2021), reference code at prng.di.unimi.it
 *     (xoshiro256starstar.c);
 *   - SplitMix64 by Guy Steele, Doug Lea and Christine Flood (OOPSLA 2014), the seeding
 *     generator recommended on the same page (splitmix64.c).
 *
 * It first checks itself against outputs published by others: xoshiro256** from the state
 * {1, 2, 3, 4} (11520, 0, 1509978240, 1215971899390074240, ..., the known-answer vector of
 * the reference implementation, e.g. in the rand_xoshiro crate), and SplitMix64 from 1234567
 * (6457827717110365317, ..., e.g. Rosetta Code "Pseudo-random numbers/Splitmix64") and from
 * 0 (0xE220A8397B1DCDAF, ...). It exits 1 if either disagrees. Then it prints the values of
 * SynBench's composition (specs/reproducibility.md): item i of seed s is SplitMix64 seeded
 * with s ^ (i * 0xD1B54A32D192ED03), whose first four outputs are the xoshiro256** state;
 * uniform doubles are the top 53 bits times 2^-53, floats the top 24 bits times 2^-24.
 *
 * Run:  gcc -std=c99 -O2 -Wall -o /tmp/rsref random_stream_reference.c && /tmp/rsref
 */
#include <inttypes.h>
#include <stdio.h>

typedef struct { uint64_t w[4]; } xoshiro_state;

static uint64_t rol64(uint64_t value, int bits) {
    return (value << bits) | (value >> (64 - bits));
}

/* One step of xoshiro256**: scrambled output of word 1, then the linear update. */
static uint64_t xoshiro_step(xoshiro_state *g) {
    uint64_t *w = g->w;
    const uint64_t out = rol64(w[1] * 5u, 7) * 9u;
    const uint64_t shifted = w[1] << 17;
    w[2] ^= w[0];
    w[3] ^= w[1];
    w[1] ^= w[2];
    w[0] ^= w[3];
    w[2] ^= shifted;
    w[3] = rol64(w[3], 45);
    return out;
}

/* One step of SplitMix64: Weyl increment by the golden gamma, then the variant-13 mixer. */
static uint64_t splitmix_step(uint64_t *x) {
    uint64_t z = (*x += UINT64_C(0x9E3779B97F4A7C15));
    z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
    return z ^ (z >> 31);
}

static xoshiro_state seeded(uint64_t seed) {
    xoshiro_state g;
    for (int k = 0; k < 4; k++) g.w[k] = splitmix_step(&seed);
    return g;
}

static xoshiro_state item_stream(uint64_t seed, uint64_t index) {
    return seeded(seed ^ (index * UINT64_C(0xD1B54A32D192ED03)));
}

static int failures = 0;

static void check(const char *what, uint64_t got, uint64_t published) {
    if (got != published) {
        fprintf(stderr, "%s: got %" PRIu64 ", published %" PRIu64 "\n", what, got, published);
        failures++;
    }
}

static void print_words(const char *label, xoshiro_state g, int n) {
    printf("%s:", label);
    for (int k = 0; k < n; k++) printf(" 0x%016" PRIX64, xoshiro_step(&g));
    printf("\n");
}

int main(void) {
    /* Published vectors first: the transcription must reproduce them. */
    const uint64_t xo1234[10] = {
        UINT64_C(11520), UINT64_C(0), UINT64_C(1509978240), UINT64_C(1215971899390074240),
        UINT64_C(1216172134540287360), UINT64_C(607988272756665600),
        UINT64_C(16172922978634559625), UINT64_C(8476171486693032832),
        UINT64_C(10595114339597558777), UINT64_C(2904607092377533576)};
    xoshiro_state g = {{1, 2, 3, 4}};
    for (int k = 0; k < 10; k++) check("xoshiro256** {1,2,3,4}", xoshiro_step(&g), xo1234[k]);

    const uint64_t sm1234567[5] = {
        UINT64_C(6457827717110365317), UINT64_C(3203168211198807973), UINT64_C(9817491932198370423),
        UINT64_C(4593380528125082431), UINT64_C(16408922859458223821)};
    uint64_t x = 1234567;
    for (int k = 0; k < 5; k++) check("SplitMix64 1234567", splitmix_step(&x), sm1234567[k]);
    const uint64_t sm0[3] = {UINT64_C(0xE220A8397B1DCDAF), UINT64_C(0x6E789E6AA1B965F4),
                             UINT64_C(0x06C45D188009454F)};
    x = 0;
    for (int k = 0; k < 3; k++) check("SplitMix64 0", splitmix_step(&x), sm0[k]);
    if (failures) return 1;
    printf("published vectors reproduced\n");

    /* Beyond the published ten: 1000 more draws from {1,2,3,4}, the 1011th printed. */
    for (int k = 0; k < 1000; k++) xoshiro_step(&g);
    printf("xoshiro256** {1,2,3,4}, draw 1011: 0x%016" PRIX64 "\n", xoshiro_step(&g));

    /* SynBench's seeding: state of seed 0, and outputs of a few item streams. */
    xoshiro_state s0 = seeded(0);
    printf("state of seed 0: 0x%016" PRIX64 " 0x%016" PRIX64 " 0x%016" PRIX64 " 0x%016" PRIX64 "\n",
           s0.w[0], s0.w[1], s0.w[2], s0.w[3]);
    print_words("seed 0", seeded(0), 4);
    print_words("item(seed 42, index 7)", item_stream(42, 7), 4);
    print_words("item(seed 20240601, index 0)", item_stream(20240601, 0), 4);
    print_words("dataset(seed 42, reserved 0) = item(42, 2^64 - 1)", item_stream(42, UINT64_MAX), 4);

    /* Uniforms from item(42, 7): three doubles, then three floats, from consecutive draws. */
    xoshiro_state u = item_stream(42, 7);
    printf("doubles of item(42, 7):");
    for (int k = 0; k < 3; k++) printf(" %a", (double)(xoshiro_step(&u) >> 11) * 0x1.0p-53);
    printf("\nfloats after them:");
    for (int k = 0; k < 3; k++) printf(" %a", (double)((float)(xoshiro_step(&u) >> 40) * 0x1.0p-24f));
    printf("\n");
    return 0;
}
