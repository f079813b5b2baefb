"""Oncological emergencies a patient can report in plain words (intake step 3, condition now).

Each is a symptom that needs emergency care locally within hours, not a
second opinion in days: any "yes" tells the patient so at once and puts the
case at the top of the coordinator's queue with the reason.

- spinal cord compression: new leg weakness or numbness, or loss of bladder
  or bowel control, in a person with cancer (NICE NG234, Spinal metastases and
  metastatic spinal cord compression, 2023: contact the acute oncology team
  immediately);
- superior vena cava obstruction: swelling of the face, neck or arms with
  breathlessness (Wilson LD et al., N Engl J Med 2007;356:1862-9);
- malignant bowel obstruction: vomiting with no bowel movement or wind
  (Madariaga A et al., MASCC multidisciplinary guidelines, Support Care Cancer 2022);
- febrile neutropenia: a temperature of 38 °C or more during or within six
  weeks of chemotherapy (NICE CG151, Neutropenic sepsis, 2012; Klastersky J et
  al., ESMO Clinical Practice Guidelines, Ann Oncol 2016);
- new confusion: hypercalcaemia, brain metastases or infection (ESMO/NCCN
  oncological emergencies; hypercalcaemia grading CTCAE v5.0).
"""

from .i18n import gettext_noop

# code -> (the question the patient answers, the reason shown to the coordinator)
EMERGENCIES: dict[str, tuple[str, str]] = {
    "cord": (
        gettext_noop("New weakness or numbness in the legs, or new loss of control of the bladder or bowels?"),
        gettext_noop(
            "possible spinal cord compression (new leg weakness or numbness, or loss of bladder or bowel control)"
        ),
    ),
    "svc": (
        gettext_noop("Swelling of the face, neck or arms, together with breathlessness?"),
        gettext_noop("possible superior vena cava obstruction (swelling of the face or arms with breathlessness)"),
    ),
    "bowel": (
        gettext_noop("Vomiting, with no bowel movement and no wind passed for several days?"),
        gettext_noop("possible bowel obstruction (vomiting with no bowel movement)"),
    ),
    "fever": (
        gettext_noop("A temperature of 38 °C or higher during chemotherapy or in the six weeks after it?"),
        gettext_noop("possible febrile neutropenia (fever on chemotherapy)"),
    ),
    "confusion": (
        gettext_noop("New confusion, unusual drowsiness or difficulty speaking?"),
        gettext_noop("new confusion (possible hypercalcaemia, brain metastases or infection)"),
    ),
}

SEEK_CARE_NOW = gettext_noop(
    "This can be an emergency. Go to the nearest emergency department or call your local emergency number now. "
    "Do not wait for our review: our team gives second opinions and cannot give emergency care. When you are "
    "safe, tell your own doctors, and tell us here."
)
