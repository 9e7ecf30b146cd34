"""Unit tests of the accuracy statistics (Spearman with ties, AUC, F1, kappa); no corpus needed.

    python3 -m unittest discover -s scripts/accuracy      (or: accuracy.py --self-test)
"""
import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from accuracy import StatsTest  # noqa: E402,F401  (the tests live beside the code they test)

if __name__ == "__main__":
    unittest.main()
