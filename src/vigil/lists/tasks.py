"""The tasks of the queue (django-tasks, database backend), run by `vigil worker`.

A task's own record (django_tasks_db's DBTaskResult: status, worker, times) is the queue's;
what a user sees — stage, progress, attempts, retries, outcome — is on the ImportJob it runs,
shown on the job's page. A task never raises for a bad file: the job records the message,
so the queue never stores a traceback that might quote a value of the file.
"""

from django_tasks import TaskContext, task

from vigil.lists import jobs


@task(takes_context=True)
def run_import_job(context: TaskContext, job_id: int) -> str:
    worker_ids = context.task_result.worker_ids
    job = jobs.run(job_id, worker_id=worker_ids[-1] if worker_ids else "", heartbeat=True)
    return job.state
