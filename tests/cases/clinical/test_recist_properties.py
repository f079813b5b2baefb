"""Invariants of RECIST 1.1 that must hold for any measurements (hypothesis)."""

from hypothesis import assume, given
from hypothesis import strategies as st

from cases.clinical.response import assess, recist_series
from tests.cases.clinical.recist_helpers import recist

NONTARGET = st.sampled_from(["absent", "present", "unequivocal_progression", "not_evaluated"])


@st.composite
def valid_recist(draw, allow_missing: bool = True, step: int = 1):
    """A valid RECIST input: 1-5 non-nodal targets in distinct organs, 1-4 time points."""
    count = draw(st.integers(1, 5))
    baseline = [{"site": f"organ{i}", "nodal": False, "mm": draw(st.integers(2, 40)) * 5} for i in range(count)]
    measure = st.integers(0, 60).map(lambda n: n * step)
    if allow_missing:
        measure = st.none() | measure
    points = draw(st.lists(st.lists(measure, min_size=count, max_size=count), min_size=1, max_size=4))
    return recist(baseline, *points, nontarget=draw(NONTARGET), new_lesions=draw(st.booleans()))


def _scaled(data: dict, factor: int) -> dict:
    def scale(mm):
        return None if mm is None else mm * factor

    baseline = [{**lesion, "mm": lesion["mm"] * factor} for lesion in data["baseline"]]
    points = [[scale(mm) for mm in point] for point in data["assessments"]]
    return {**data, "baseline": baseline, "assessments": points}


@given(valid_recist(step=5), st.integers(1, 20))
def test_scaling_all_measurements_keeps_the_category(data, factor):
    # Measurements in 5 mm steps, so any growth is already >= 5 mm and the
    # absolute rule never decides; factors >= 1 keep every target measurable.
    # (Shrinking below 10 mm would make the input INVALID, by RECIST's own rules.)
    before = [a.category for a in recist_series(data)]
    after = [a.category for a in recist_series(_scaled(data, factor))]
    assert before == after


@given(valid_recist())
def test_a_new_lesion_is_always_progression(data):
    assert assess("recist1.1", {**data, "new_lesions": True}).category == "PD"


@given(valid_recist())
def test_unequivocal_non_target_progression_is_always_progression(data):
    assert assess("recist1.1", {**data, "nontarget": "unequivocal_progression"}).category == "PD"


@given(valid_recist(), st.randoms())
def test_the_order_of_target_lesions_does_not_matter(data, rnd):
    order = list(range(len(data["baseline"])))
    rnd.shuffle(order)
    shuffled = {
        **data,
        "baseline": [data["baseline"][i] for i in order],
        "assessments": [[point[i] for i in order] for point in data["assessments"]],
    }
    assert assess("recist1.1", shuffled).category == assess("recist1.1", data).category


@given(valid_recist(allow_missing=False))
def test_valid_input_never_gives_invalid_and_always_explains(data):
    for result in recist_series(data):
        assert result.category in {"CR", "PR", "SD", "PD", "NE", "after_PD"}
        ending = "not classified" if result.category == "after_PD" else result.category
        assert result.explanation.endswith(ending)


@given(valid_recist())
def test_series_has_one_assessment_per_time_point_and_ends_with_assess(data):
    series = recist_series(data)
    assert len(series) == len(data["assessments"])
    progression = [a for a in series if a.category == "PD"]
    assert assess("recist1.1", data) == (progression[0] if progression else series[-1])


@given(valid_recist())
def test_progression_ends_the_assessment(data):
    """Eisenhauer 2009, 4.4: the best overall response is taken up to progression; later time points are not read
    as new responses (only iRECIST goes on after a progression)."""
    categories = [a.category for a in recist_series(data)]
    if "PD" in categories:
        first = categories.index("PD")
        assert categories[first + 1 :] == ["after_PD"] * (len(categories) - first - 1)


@given(valid_recist(allow_missing=False))
def test_complete_response_only_when_every_target_is_gone(data):
    if assess("recist1.1", data).category == "CR":
        assert all(mm == 0 for mm in data["assessments"][-1])
        assert data["nontarget"] == "absent"


@given(valid_recist(allow_missing=False), st.integers(0, 4))
def test_the_key_order_of_the_input_does_not_matter(data, rotation):
    keys = list(data)
    rotated = {k: data[k] for k in keys[rotation:] + keys[:rotation]}
    assume(list(rotated) != keys or rotation == 0)
    assert assess("recist1.1", rotated) == assess("recist1.1", data)
