"""Contribution standing: active → at risk (flagged, in grace) → suspended → removed, and back.

The models are in `alliance/models/standing.py`; everything else about standing is here:

- `figures`: the one computation of an operator's score (job, pages and API all read it), its
  deadline and the figures of the pruning pages;
- `job`: the inactivity job (`manage.py flag_inactive_members`, the daily beat task, the pruning
  page's dry run and "run now");
- `actions`: the admins' decisions (extend grace, exempt, suspend, remove, reinstate, policy,
  run the job now) — each validates its own domain rules;
- `mail` and `tasks`: the Celery tasks (mail, and the job under its historical name
  `alliance.tasks.flag_inactive_members`);
- `forms`, `views`, `serializers`, `api`, `admin`, `templatetags`: the surfaces, which check only
  the shape of input and call the services above;
- `demo`: the demo's contribution history.

A new or reinstated member is judged only after one whole window (`Operator.first_check_on`).
"""
