
import vigil.lists.models
from django.db import migrations, models

from vigil.lists.uploads import store_upload


def files_from_rows(apps, schema_editor):
    """Uploads waiting in the database move to their private files under UPLOAD_DIR."""
    PendingImport = apps.get_model("lists", "PendingImport")
    for pending in PendingImport.objects.using(schema_editor.connection.alias).iterator():
        pending.stored_as, pending.size = store_upload([bytes(pending.content)])
        pending.save(update_fields=["stored_as", "size"])


class Migration(migrations.Migration):

    dependencies = [
        ('lists', '0003_import_job'),
    ]

    operations = [
        migrations.CreateModel(
            name='JobProgress',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('job_id', models.BigIntegerField(unique=True)),
                ('attempt', models.PositiveSmallIntegerField(default=1)),
                ('worker_id', models.CharField(max_length=64)),
                ('stage', models.CharField(blank=True, max_length=100)),
                ('done', models.PositiveIntegerField(default=0)),
                ('total', models.PositiveIntegerField(default=0)),
                ('rate', models.FloatField(default=0.0)),
                ('beat_at', models.DateTimeField()),
            ],
            bases=(vigil.lists.models.StageNumbers, models.Model),
        ),
        migrations.CreateModel(
            name='WorkerHeartbeat',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('worker_id', models.CharField(max_length=64, unique=True)),
                ('host', models.CharField(max_length=200)),
                ('pid', models.PositiveIntegerField()),
                ('started_at', models.DateTimeField()),
                ('beat_at', models.DateTimeField()),
            ],
        ),
        migrations.AddField(
            model_name='importjob',
            name='attempts',
            field=models.PositiveSmallIntegerField(default=0),
        ),
        migrations.AddField(
            model_name='importjob',
            name='retries',
            field=models.JSONField(blank=True, default=list),
        ),
        migrations.AddField(
            model_name='importjob',
            name='task_id',
            field=models.CharField(blank=True, max_length=64),
        ),
        migrations.AddField(
            model_name='pendingimport',
            name='size',
            field=models.PositiveBigIntegerField(default=0),
        ),
        migrations.AddField(
            model_name='pendingimport',
            name='stored_as',
            field=models.CharField(default='', max_length=100),
        ),
        migrations.RunPython(files_from_rows, migrations.RunPython.noop),
        migrations.RemoveField(
            model_name='pendingimport',
            name='content',
        ),
        migrations.AlterModelOptions(
            name='listentry',
            options={'ordering': ['row'], 'verbose_name_plural': 'list entries'},
        ),
    ]
