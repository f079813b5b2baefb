# One date format for English on every page, email and PDF: "30 Nov 2026", "30 Nov 2026, 14:00 CET".
# The short forms are the same (Django's default "11/30/2026" reads as a different date in most of the world).
# A date and time names its time zone (the reader's: cases.timezones), so an international team reads it right.
DATE_FORMAT = "j M Y"
SHORT_DATE_FORMAT = DATE_FORMAT
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "j M Y, H:i T"
SHORT_DATETIME_FORMAT = DATETIME_FORMAT
YEAR_MONTH_FORMAT = "M Y"
MONTH_DAY_FORMAT = "j M"
