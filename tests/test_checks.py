"""The core's argument checks (``purenet/checks.py``). Expected values are small hand computations."""
from purenet import checks as m
from tests.helpers import assert_raises


def test_shape():
    assert m.shape([[1, 2, 3], [4, 5, 6]]) == (2, 3)
    assert "at least one column" in assert_raises(ValueError, m.shape, [[]], "w^2")


def test_shape_rejects_ragged_non_numbers_and_non_finite():
    assert "ragged" in assert_raises(ValueError, m.shape, [[1, 2], [3]], "w^2")
    assert "w^2[1]: expected 2 numbers, got 1" in assert_raises(ValueError, m.shape, [[1, 2], [3]], "w^2")
    assert "w[0][1]" in assert_raises(TypeError, m.shape, [[1, "x"]], "w")
    assert "w[0][0]" in assert_raises(TypeError, m.shape, [[True]], "w")
    assert "finite" in assert_raises(ValueError, m.shape, [[float("nan")]], "w")
    assert "finite" in assert_raises(ValueError, m.shape, [[float("inf")]], "w")
    assert_raises(ValueError, m.shape, [], "w")
