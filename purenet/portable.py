"""Placeholder until the bit-portable versions land: exp, tanh and the seeded PRNG (SplitMix64)."""
import math

exp = math.exp
tanh = math.tanh

_MASK = 0xFFFFFFFFFFFFFFFF


class Random:
    """SplitMix64 (Vigna): state += 0x9E3779B97F4A7C15, then the standard mix."""

    def __init__(self, seed):
        self.state = seed & _MASK

    def next_u64(self):
        self.state = (self.state + 0x9E3779B97F4A7C15) & _MASK
        z = self.state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & _MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & _MASK
        return z ^ (z >> 31)

    def random(self):
        return (self.next_u64() >> 11) * (2.0 ** -53)

    def uniform(self, a, b):
        return a + (b - a) * self.random()

    def randbelow(self, n):
        limit = (1 << 64) - ((1 << 64) % n)
        while True:
            x = self.next_u64()
            if x < limit:
                return x % n

    def shuffle(self, items):
        for i in range(len(items) - 1, 0, -1):
            j = self.randbelow(i + 1)
            items[i], items[j] = items[j], items[i]
