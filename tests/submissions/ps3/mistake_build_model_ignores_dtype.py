"""The dtype argument is ignored: parameters stay float32."""
KIND = "mistake"
FAILS = {'test_build_model': 'float64'}
EDITS = {"solution_build_model": [(").to(dtype)", ")")]}
