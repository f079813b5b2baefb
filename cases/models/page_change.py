from django.db import models


class PageChange(models.Model):
    """One row for every write to a row that a case's pages show, written by the database's own triggers
    (cases.page_memo.TRIGGERS): the newest id for a case tells whether anything on its pages changed.

    `case_id` 0 stands for the people every page names (cases_user). Not a foreign key: the rows outlive what they
    mark, and are pruned to the newest per case (cases.page_memo.prune).
    """

    id = models.BigAutoField(primary_key=True)
    case_id = models.BigIntegerField()

    class Meta:
        indexes = [models.Index(fields=["case_id", "id"], name="cases_pagechange_case_id")]

    def __str__(self) -> str:
        return f"change {self.pk} to case {self.case_id}"
