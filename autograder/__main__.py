"""`python -m autograder ...` is the `course` command (same entry point, same process set-up)."""

import sys

from autograder.startup import course_main

sys.exit(course_main())
