"""purenet: fully connected neural networks trained by backpropagation, in pure Python."""
