"""Python 3 ports of the polyrpc seed examples, on the generated stubs in `polyrpc_stubs`.

One module per example holds its servicer and its client flow; `serve_all` serves every servicer on one
port. The runnable scripts live beside this package in interop/python/<example>/.
"""
