"""Views of the evaluations app: ``coordinate`` (the coordinator's
questionnaires and the answers shared with consent) and ``respond`` (a
person's surveys and the survey form)."""
