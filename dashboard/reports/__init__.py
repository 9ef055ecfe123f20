"""Reports the City Office owes, as files (no Streamlit import): Biểu 06 (.xlsx), the list of
agencies with overdue tasks and consultation replies (.xlsx or a draft reminder letter .docx),
and the meeting pack (.pdf). Every export writes its text through `safe.neutralise`."""

REPORTS = ("bieu06", "overdue", "meeting-pack")
