"""What every stage shares: the immutable values that flow through the converter (models),
calendar dates (find, parse, show) and YAML with line numbers (yamldoc). Imports nothing else
of the package."""
