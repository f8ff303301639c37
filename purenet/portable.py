"""Placeholder: exp, tanh and the seeded PRNG (to be replaced by bit-portable versions)."""
import math

exp = math.exp
tanh = math.tanh
