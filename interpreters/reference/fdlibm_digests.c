/* Independent reference for the digests in tests/test_bits.py (test_*_bits_match_fdlibm_c).
 *
 * Draws the same arguments as the tests (SplitMix64, uniform(lo, hi) = lo + (hi - lo) * random(),
 * see purenet/bits.py), evaluates them with fdlibm's own C functions, and prints the FNV-1a
 * 64 digest of the results' little-endian bytes: no Python involved. fdlibm is not in this
 * repository; get fdlibm 5.3 (http://www.netlib.org/fdlibm/) and build, on a little-endian
 * machine, without fused multiply-adds:
 *
 *     gcc -O2 -std=c99 -ffp-contract=off -fno-builtin -o /tmp/fdlibm_digests \
 *         interpreters/reference/fdlibm_digests.c e_exp.c s_expm1.c s_tanh.c e_log.c s_log1p.c
 *
 * (fdlibm.h must see the machine as little-endian; the function names can be changed with
 * -DFD_EXP=... -DFD_EXPM1=... -DFD_TANH=... -DFD_LOG=... -DFD_LOG1P=...). Expected output:
 *
 *     exp 10000 1496c939414f5c63
 *     expm1 4000 a74ca1ffae362a99
 *     tanh 10000 dabec9dfb28d07a4
 *     log 10000 8cd65eddf4ff3091
 *     log1p 10000 e5e13ecda8c260ee
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#ifndef FD_EXP
#define FD_EXP __ieee754_exp
#endif
#ifndef FD_EXPM1
#define FD_EXPM1 expm1
#endif
#ifndef FD_TANH
#define FD_TANH tanh
#endif
#ifndef FD_LOG
#define FD_LOG __ieee754_log
#endif
#ifndef FD_LOG1P
#define FD_LOG1P log1p
#endif
double FD_EXP(double);
double FD_EXPM1(double);
double FD_TANH(double);
double FD_LOG(double);
double FD_LOG1P(double);

static uint64_t state;

static uint64_t next_u64(void)
{
    uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

static double uniform(double lo, double hi)
{
    double r = (double)(next_u64() >> 11) * 0x1.0p-53;
    return lo + (hi - lo) * r;
}

struct range { double lo, hi; int n; };

static void digest(const char *name, double (*f)(double), uint64_t seed,
                   const struct range *spec, int nspec)
{
    uint64_t h = 0xCBF29CE484222325ULL;
    int count = 0;
    state = seed;
    for (int s = 0; s < nspec; s++) {
        for (int i = 0; i < spec[s].n; i++) {
            double y = f(uniform(spec[s].lo, spec[s].hi));
            unsigned char b[8];
            uint64_t u;
            memcpy(&u, &y, 8);
            for (int k = 0; k < 8; k++)
                b[k] = (unsigned char)(u >> (8 * k));      /* little-endian, as struct '<d' */
            for (int k = 0; k < 8; k++)
                h = (h ^ b[k]) * 0x100000001B3ULL;
            count++;
        }
    }
    printf("%s %d %016" PRIx64 "\n", name, count, h);
}

int main(void)
{
    static const struct range e[] = {{-745.0, 709.78, 6000}, {-20.0, 20.0, 2000}, {-1.0, 1.0, 2000}};
    static const struct range m[] = {{-40.0, 40.0, 2000}, {-1.0, 1.0, 2000}};
    static const struct range t[] = {{-40.0, 40.0, 4000}, {-3.0, 3.0, 4000}, {-0.5, 0.5, 2000}};
    static const struct range l[] = {{1e-300, 1e-280, 1000}, {0.0, 1.0, 4000}, {0.5, 2.0, 2000},
                                     {1.0, 100.0, 2000}, {100.0, 1e300, 1000}};
    static const struct range p[] = {{-0.9999, 1.0, 4000}, {-1e-3, 1e-3, 2000}, {0.0, 1e-12, 1000},
                                     {1.0, 1e6, 2000}, {-0.3, 0.42, 1000}};
    digest("exp", FD_EXP, 1, e, 3);
    digest("expm1", FD_EXPM1, 2, m, 2);
    digest("tanh", FD_TANH, 3, t, 3);
    digest("log", FD_LOG, 7, l, 5);
    digest("log1p", FD_LOG1P, 8, p, 5);
    return 0;
}
