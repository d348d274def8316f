# The one-question employee survey (stage 2) and its answers arrive with issue 3.
