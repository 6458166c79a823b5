"""nbgrader configuration for the course (instructors and the grading machine).

`course` drives nbgrader with this file; every path is relative to the repository root.
"""

c = get_config()  # noqa: F821  (injected by traitlets)

c.CourseDirectory.course_id = "nn-backprop"
c.CourseDirectory.root = "."
c.CourseDirectory.source_directory = "source"
c.CourseDirectory.release_directory = "release"
c.CourseDirectory.submitted_directory = "submitted"
c.CourseDirectory.autograded_directory = "autograded"
c.CourseDirectory.feedback_directory = "feedback"
# Only the notebook itself is released; helper files stay with the instructors.
# grading.json and tamper.json (next to each autograded notebook) are for graders only: nbgrader's
# feedback copies every other file of an autograded folder into feedback/, these it must skip.
c.CourseDirectory.ignore = [
    ".ipynb_checkpoints", "*.pyc", "__pycache__", "feedback", "*.py", "grading.json", "tamper.json"
]

c.ClearSolutions.code_stub = {"python": "# YOUR CODE HERE\nraise NotImplementedError()"}
c.ClearSolutions.text_stub = "YOUR ANSWER HERE"
c.ClearSolutions.enforce_metadata = True

# The release must be byte-for-byte reproducible: no outputs, no execution counts.
c.ClearOutput.remove_metadata_fields = ["collapsed", "scrolled", "execution"]

# Kernels: a torch import costs ~2 s at a graceful shutdown; an immediate one costs nothing.
c.Execute.shutdown_kernel = "immediate"
c.Execute.timeout = 120
c.Execute.allow_errors = True
c.Execute.interrupt_on_timeout = True

# nbgrader scores a passing test cell 0 if anything reaches stderr. This course's libraries write
# warnings there (NumPy overflow/divide, PyTorch UserWarning, daft, tqdm). Stderr can never earn a
# point (a failure is an exception, an `error` output), so all of it is dropped before scoring.
c.IgnorePattern.enabled = True
c.IgnorePattern.pattern = r"(?s).*"

# Student bundles (`course bundle` without problem sets): what is released by which date. Without a
# schedule, `course bundle` gives every problem set (with a warning); `course bundle ps1` names them.
# c.CourseBundle.release_schedule = {"ps1": "2026-09-01", "ps2": "2026-09-22", "ps3": "2026-10-13"}

# A deleted grade cell comes back from the gradebook (and scores as the restored test decides).
c.OverwriteCells.add_missing_cells = True

# The formgrader is where written answers are graded by hand (same gradebook.db); its two other actions
# are made safe here:
# - Autograde (and plain `nbgrader autograde`) would run student code outside the course's sandbox
#   (autograder/sandbox.py) and score it in the student's kernel: they refuse, naming `course autograde`,
#   before nbgrader touches anything (its --force would first delete the course's autograded folder).
#   `course autograde` sets its own preprocessors and is not affected.
# - Generate Feedback (and plain `nbgrader generate_feedback`) writes the course's own page, the one
#   `course feedback` writes (hidden tests removed, no tracebacks, "pending" for ungraded answers), from
#   the result of `course autograde`; nothing but the page stays in feedback/.
from nbconvert.exporters import NotebookExporter  # noqa: E402
from nbgrader.preprocessors import NbGraderPreprocessor  # noqa: E402

REFUSAL = (
    "this course grades only with `course autograde PS` (a sandboxed kernel per submission, "
    "see docs/grading.md); plain `nbgrader autograde` and the formgrader's Autograde button "
    "are disabled in nbgrader_config.py"
)


class RefusePlainAutograde(NbGraderPreprocessor):
    """The only step of plain nbgrader's autograde in this course: a refusal with the way to grade."""

    def preprocess(self, nb, resources):
        raise RuntimeError(REFUSAL)


class RefusePlainAutogradeExporter(NotebookExporter):
    """Refuses as soon as a plain Autograde starts (before it deletes or copies anything); the
    converter `course autograde` configures has its own preprocessors and gets the plain exporter."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        steps = getattr(self.parent, "autograde_preprocessors", None) or []
        if any(getattr(s, "__name__", "") == "RefusePlainAutograde" for s in steps):
            raise RuntimeError(REFUSAL)


c.Autograde.autograde_preprocessors = [RefusePlainAutograde]
c.Autograde.exporter_class = RefusePlainAutogradeExporter
c.GenerateFeedback.exporter_class = "autograder.feedback.CourseFeedbackExporter"
c.GenerateFeedback.preprocessors = []
c.GenerateFeedback.post_convert_hook = "autograder.feedback.formgrader_post_convert"
