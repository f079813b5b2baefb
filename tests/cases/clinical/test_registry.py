"""The criteria registry, and that no input can make a criteria set raise."""

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cases.clinical.response import CRITERIA, Assessment, UnknownCriteria, assess

JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=5),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=5),
    max_leaves=20,
)


def test_registry_names_every_criteria_set_from_the_issue():
    assert list(CRITERIA) == [
        "recist1.1",
        "lugano2014",
        "eln2022",
        "imwg2016",
        "ata2015",
        "pcr",
        "irecist",
        "pcwg3",
        "gcig_ca125",
        "iwcll2018",
        "lugano2014_ct",
        "mrecist",
        "rano2",
    ]


@pytest.mark.parametrize("name", ["recist", "RECIST1.1", "", None, ["pcr"]])
def test_unknown_criteria_name_raises_unknown_criteria(name):
    with pytest.raises(UnknownCriteria, match="unknown criteria"):
        assess(name, {})


@pytest.mark.parametrize("name", list(CRITERIA))
@settings(deadline=None)  # a machine under load must not fail a test about exceptions
@given(data=JSON)
def test_any_json_input_gives_an_assessment_never_an_exception(name, data):
    result = assess(name, data)
    assert isinstance(result, Assessment)
    if result.category == "INVALID":
        assert result.errors
        assert result.explanation.startswith("invalid input: ")


@pytest.mark.parametrize("name", list(CRITERIA))
@settings(deadline=None)  # a machine under load must not fail a test about exceptions
@given(
    st.dictionaries(
        st.sampled_from(
            [
                "deauville",
                "ypT",
                "baseline",
                "mrd",
                "imaging",
                "tgab",
                "psa",
                "ca125",
                "scans",
                "lesions",
                "now",
                "assessments",
            ]
        ),
        JSON,
    )
)
def test_near_miss_dicts_give_an_assessment(name, data):
    assert isinstance(assess(name, data), Assessment)


def test_explanation_can_be_rebuilt_from_template_and_params_for_translation():
    result = assess("pcr", {"ypT": "ypT0", "ypN": "ypN0"})
    assert result.template % result.params == result.explanation


@pytest.mark.parametrize("name", list(CRITERIA))
@settings(deadline=None)  # a machine under load must not fail a test about exceptions
@given(data=st.data())
def test_each_worked_example_with_one_value_broken_gives_an_assessment(name, data):
    """Near misses of real inputs: one key (or one nested key) replaced by any JSON value."""
    from cases.clinical.response.examples import EXAMPLES

    example = json.loads(json.dumps(EXAMPLES[name]))
    key = data.draw(st.sampled_from(sorted(example)))
    if isinstance(example[key], dict) and example[key] and data.draw(st.booleans()):
        inner = data.draw(st.sampled_from(sorted(example[key])))
        example[key][inner] = data.draw(JSON)
    elif isinstance(example[key], list) and example[key] and data.draw(st.booleans()):
        example[key][data.draw(st.integers(0, len(example[key]) - 1))] = data.draw(JSON)
    else:
        example[key] = data.draw(JSON)
    assert isinstance(assess(name, {k: v for k, v in example.items() if k != "dates"}), Assessment)


@pytest.mark.parametrize("name", list(CRITERIA))
def test_each_worked_example_is_assessed(name):
    from cases.clinical.response.examples import EXAMPLES

    result = assess(name, {k: v for k, v in EXAMPLES[name].items() if k != "dates"})
    assert result.category != "INVALID", result.explanation
