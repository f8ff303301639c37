/* Independent reference for purenet.bits.Random (SplitMix64, Sebastiano Vigna, 2015).
 *
 * Written from the algorithm's definition, with C's native uint64_t arithmetic (wrapping modulo
 * 2**64), so that tests/test_bits.py can check the Python port against numbers that did not
 * come from Python.  Build and run:
 *
 *     gcc -O2 -std=c99 -Wall -o /tmp/splitmix64 interpreters/reference/splitmix64.c
 *     /tmp/splitmix64
 *
 * Prints, for each seed, the first five next_u64() outputs (hex), then the first three random()
 * doubles as IEEE bit patterns (hex), then ten randbelow(10) and ten randbelow(1000003) values,
 * then a Fisher-Yates shuffle of 0..9.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

static uint64_t state;

static uint64_t next_u64(void)
{
    uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

static double random01(void)
{
    return (double)(next_u64() >> 11) * 0x1.0p-53;
}

/* Uniform on [0, n) for 1 <= n < 2**64: reject x >= 2**64 - (2**64 mod n). */
static uint64_t randbelow(uint64_t n)
{
    uint64_t r = (0 - n) % n;          /* 2**64 mod n */
    uint64_t x = next_u64();
    if (r == 0)
        return x % n;
    while (x >= 0 - r)                 /* 0 - r == 2**64 - r */
        x = next_u64();
    return x % n;
}

static uint64_t bits(double d)
{
    uint64_t u;
    memcpy(&u, &d, sizeof u);
    return u;
}

int main(void)
{
    static const uint64_t seeds[] = {0, 1, 42, 20260101, 0xFFFFFFFFFFFFFFFFULL};
    for (size_t s = 0; s < sizeof seeds / sizeof seeds[0]; s++) {
        int i;
        printf("seed %" PRIu64 "\n  u64", seeds[s]);
        state = seeds[s];
        for (i = 0; i < 5; i++)
            printf(" %016" PRIx64, next_u64());
        printf("\n  random");
        state = seeds[s];
        for (i = 0; i < 3; i++)
            printf(" %016" PRIx64, bits(random01()));
        printf("\n  randbelow10");
        state = seeds[s];
        for (i = 0; i < 10; i++)
            printf(" %" PRIu64, randbelow(10));
        printf("\n  randbelow1000003");
        state = seeds[s];
        for (i = 0; i < 10; i++)
            printf(" %" PRIu64, randbelow(1000003));
        printf("\n  shuffle10");
        state = seeds[s];
        {
            int a[10], j, t;
            for (i = 0; i < 10; i++)
                a[i] = i;
            for (i = 9; i > 0; i--) {
                j = (int)randbelow((uint64_t)i + 1);
                t = a[i]; a[i] = a[j]; a[j] = t;
            }
            for (i = 0; i < 10; i++)
                printf(" %d", a[i]);
        }
        printf("\n");
    }
    return 0;
}
