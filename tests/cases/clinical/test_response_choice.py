"""Which criteria a new response assessment is entered under: the cancer's own, and iRECIST while an immunotherapy
is given (Seymour L et al., Lancet Oncol 2017)."""

from cases.clinical.response.choice import entry_criteria


def test_lung_cancer_on_pembrolizumab_is_assessed_by_irecist():
    assert entry_criteria("nsclc", "", ["Pembrolizumab 200 mg every 3 weeks"]) == "irecist"


def test_lung_cancer_on_chemotherapy_only_is_assessed_by_recist():
    assert entry_criteria("nsclc", "", ["Carboplatin and pemetrexed"]) == "recist1.1"


def test_myeloma_stays_under_imwg_whatever_is_given():
    assert entry_criteria("myeloma", "", ["Pembrolizumab"]) == "imwg2016"


def test_a_cancer_without_criteria_of_its_own_names_none():
    assert entry_criteria("other", "", ["Nivolumab"]) == ""
