"""A biomarker result becomes a record: several per marker, with specimen, assay, scores and source.

The schema half: the one-result-per-marker constraint goes, `status` and
`method` are renamed to `result` and `assay`, and the new fields arrive empty.
0013 maps the rows already stored onto them.
"""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0011_caregivers_and_address_notifications"),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="biomarker", name="one_result_per_marker"),
        migrations.RenameField(model_name="biomarker", old_name="status", new_name="result"),
        migrations.RenameField(model_name="biomarker", old_name="method", new_name="assay"),
        migrations.AlterField(
            model_name="biomarker",
            name="marker",
            field=models.CharField(max_length=100, verbose_name="marker"),
        ),
        migrations.AlterField(
            model_name="biomarker",
            name="assay",
            field=models.CharField(blank=True, max_length=30, verbose_name="assay"),
        ),
        migrations.AlterField(
            model_name="biomarker",
            name="value",
            field=models.CharField(blank=True, max_length=200, verbose_name="value or variant, as written"),
        ),
        migrations.AlterField(
            model_name="biomarker",
            name="tested_on",
            field=models.DateField(blank=True, null=True, verbose_name="date of the report"),
        ),
        migrations.AddField(
            model_name="biomarker",
            name="alterations",
            field=models.JSONField(blank=True, default=list, verbose_name="alterations"),
        ),
        migrations.AddField(
            model_name="biomarker",
            name="exons_tested",
            field=models.CharField(blank=True, max_length=50, verbose_name="only these exons tested"),
        ),
        migrations.AddField(
            model_name="biomarker",
            name="fusion_partner",
            field=models.CharField(blank=True, max_length=60, verbose_name="fusion partner"),
        ),
        migrations.AddField(
            model_name="biomarker",
            name="pdl1_score",
            field=models.DecimalField(
                blank=True, decimal_places=1, max_digits=5, null=True, verbose_name="PD-L1 score"
            ),
        ),
        migrations.AddField(
            model_name="biomarker",
            name="pdl1_system",
            field=models.CharField(blank=True, max_length=10, verbose_name="PD-L1 scoring system"),
        ),
        migrations.AddField(
            model_name="biomarker",
            name="pdl1_clone",
            field=models.CharField(blank=True, max_length=20, verbose_name="PD-L1 antibody clone"),
        ),
        migrations.AddField(
            model_name="biomarker",
            name="her2_ihc",
            field=models.CharField(blank=True, max_length=10, verbose_name="HER2 IHC score"),
        ),
        migrations.AddField(
            model_name="biomarker",
            name="her2_ish",
            field=models.CharField(blank=True, max_length=20, verbose_name="HER2 ISH result"),
        ),
        migrations.AddField(
            model_name="biomarker",
            name="origin",
            field=models.CharField(blank=True, max_length=10, verbose_name="germline or somatic"),
        ),
        migrations.AddField(
            model_name="biomarker",
            name="vaf",
            field=models.DecimalField(
                blank=True, decimal_places=2, max_digits=5, null=True, verbose_name="variant allele frequency (%)"
            ),
        ),
        migrations.AddField(
            model_name="biomarker",
            name="detects",
            field=models.JSONField(blank=True, default=list, verbose_name="what the assay could detect"),
        ),
        migrations.AddField(
            model_name="biomarker",
            name="specimen",
            field=models.CharField(blank=True, max_length=30, verbose_name="specimen"),
        ),
        migrations.AddField(
            model_name="biomarker",
            name="specimen_site",
            field=models.CharField(blank=True, max_length=200, verbose_name="site the specimen was taken from"),
        ),
        migrations.AddField(
            model_name="biomarker",
            name="collected_on",
            field=models.DateField(blank=True, null=True, verbose_name="specimen collected on"),
        ),
        migrations.AddField(
            model_name="biomarker",
            name="document",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="biomarker_results",
                to="cases.document",
                verbose_name="uploaded record it comes from",
            ),
        ),
        migrations.AddField(
            model_name="biomarker",
            name="created_at",
            field=models.DateTimeField(auto_now_add=True, null=True),
        ),
        migrations.AddField(
            model_name="biomarker",
            name="updated_at",
            field=models.DateTimeField(auto_now=True, null=True),
        ),
    ]
