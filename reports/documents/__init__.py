"""What each PDF says: the MDT summary and patient copy, the biomarker letter, the patient report, charts.

Each module builds its document's context; reports.pdf renders it.
"""
