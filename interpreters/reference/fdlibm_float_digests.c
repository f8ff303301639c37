/* Independent reference for the single-precision digests in tests/test_bits.py
 * (test_*_bits_match_fdlibm_c on an interpreter whose floats are IEEE singles).
 *
 * Draws the same arguments as the tests (SplitMix64; random() = (next_u64() >> 40) * 2**-24,
 * uniform(lo, hi) = lo + (hi - lo) * random() in single precision, optionally scaled by 2**e,
 * see purenet/bits.py), evaluates them with FreeBSD msun's float functions (fdlibm's float
 * versions: e_expf.c, s_expm1f.c, e_logf.c, s_tanhf.c, s_log1pf.c, of which purenet/float32.py is a port),
 * and prints the FNV-1a 64 digest of the results' little-endian 4-byte patterns: no Python
 * involved. The msun files are not in this repository; take them from FreeBSD's
 * lib/msun/src/ (the versions with the two-term expf/expm1f and four-term logf polynomials,
 * FreeBSD 8 onwards), give them a math_private.h with GET_FLOAT_WORD / SET_FLOAT_WORD (memcpy
 * of the 32 bits), and build on x86-64 (SSE: every float operation rounded to single) without
 * fused multiply-adds:
 *
 *     gcc -O2 -std=gnu99 -ffp-contract=off -fno-builtin -o /tmp/fdlibm_float_digests \
 *         interpreters/reference/fdlibm_float_digests.c e_expf.c s_expm1f.c e_logf.c s_tanhf.c s_log1pf.c -lm
 *
 * (the function names can be changed with -DFD_EXPF=... -DFD_EXPM1F=... -DFD_TANHF=...
 * -DFD_LOGF=... -DFD_LOG1PF=...). Expected output: the digests asserted in tests/test_bits.py
 * (FLOAT32_DIGESTS), and for log1pf, ready for a single-precision log1p (not in purenet yet):
 *
 *     log1p 7000 ea48a2f37b2e1377
 * With an argument, prints every argument and result as 8 hex digits instead.
 */
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#ifndef FD_EXPF
#define FD_EXPF __ieee754_expf
#endif
#ifndef FD_EXPM1F
#define FD_EXPM1F expm1f
#endif
#ifndef FD_TANHF
#define FD_TANHF tanhf
#endif
#ifndef FD_LOGF
#define FD_LOGF __ieee754_logf
#endif
#ifndef FD_LOG1PF
#define FD_LOG1PF log1pf
#endif
float FD_EXPF(float);
float FD_EXPM1F(float);
float FD_TANHF(float);
float FD_LOGF(float);
float FD_LOG1PF(float);

static uint64_t state;
static int dump;

static uint64_t next_u64(void)
{
    uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

static float uniform(float lo, float hi)
{
    volatile float r = (float)(next_u64() >> 40) * 0x1.0p-24f;   /* exact: 24 bits */
    volatile float d = hi - lo;
    volatile float p = d * r;
    return lo + p;
}

struct range { float lo, hi; int n; int e; };

static uint32_t bits(float x)
{
    uint32_t u;
    memcpy(&u, &x, 4);
    return u;
}

static void digest(const char *name, float (*f)(float), uint64_t seed,
                   const struct range *spec, int nspec)
{
    uint64_t h = 0xCBF29CE484222325ULL;
    int count = 0;
    state = seed;
    for (int s = 0; s < nspec; s++) {
        for (int i = 0; i < spec[s].n; i++) {
            float x = ldexpf(uniform(spec[s].lo, spec[s].hi), spec[s].e);
            float y = f(x);
            uint32_t u = bits(y);
            if (dump)
                printf("%s %08" PRIx32 " %08" PRIx32 "\n", name, bits(x), u);
            for (int k = 0; k < 4; k++)                      /* little-endian, as struct '<f' */
                h = (h ^ (unsigned char)(u >> (8 * k))) * 0x100000001B3ULL;
            count++;
        }
    }
    if (!dump)
        printf("%s %d %016" PRIx64 "\n", name, count, h);
}

int main(int argc, char **argv)
{
    (void)argv;
    dump = argc > 1;
    /* the same seeds and ranges as FLOAT32_RANGES in tests/test_bits.py */
    const struct range e[] = {{-104.0f, 88.5f, 6000, 0}, {-20.0f, 20.0f, 2000, 0},
                              {-1.0f, 1.0f, 2000, 0}, {88.0f, 88.71875f, 500, 0}};
    const struct range m[] = {{-20.0f, 20.0f, 2000, 0}, {-1.0f, 1.0f, 2000, 0},
                              {-1.0f, 1.0f, 1000, -10}, {-90.0f, 88.5f, 1000, 0}};
    const struct range t[] = {{-12.0f, 12.0f, 4000, 0}, {-3.0f, 3.0f, 4000, 0},
                              {-0.5f, 0.5f, 2000, 0}, {-1.0f, 1.0f, 1000, -9}};
    const struct range l[] = {{0.0009765625f, 1.0f, 4000, 0}, {0.5f, 2.0f, 2000, 0},
                              {1.0f, 128.0f, 2000, 0}, {1.0f, 2.0f, 1000, 100},
                              {1.0f, 2.0f, 500, -140}, {0.9921875f, 1.0078125f, 500, 0}};
    digest("exp", FD_EXPF, 1, e, 4);
    digest("expm1", FD_EXPM1F, 2, m, 4);
    digest("tanh", FD_TANHF, 3, t, 4);
    digest("log", FD_LOGF, 7, l, 6);
    const struct range p[] = {{-0.9990234375f, 1.0f, 3000, 0}, {-0.25f, 0.5f, 2000, 0},
                              {-1.0f, 1.0f, 1000, -16}, {1.0f, 2.0f, 1000, 60}};
    digest("log1p", FD_LOG1PF, 8, p, 4);
    return 0;
}
