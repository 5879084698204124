"""Blocs: named groups of member operators that integrate more tightly inside the alliance.

The models are in `alliance/models/blocs.py` (with the one visibility helper that deals and
lessons use, `shared_through_blocs`); everything else about blocs is here:

- `services`: the writes (propose, invite, accept, decline, leave, dissolve), each checking its
  own rules, raising `alliance.errors`, audited, in one transaction; and the rule for sharing an
  item with a bloc (`sharing_problem`), used by deals and lessons;
- `figures`: what a bloc page shows (members, their combined footprint, their platforms);
- `mail`: the invitation mail (a Celery task, recorded in the outbox with the invitation);
- `forms`, `views`, `serializers`, `api`, `admin`: the surfaces, which check only the shape of
  input and call the services;
- `demo`: the demo's M2M bloc.

Who sees what: every member of the alliance (and staff) sees that a bloc exists, its purpose, its
members and their open invitations (`Bloc.objects.visible_to`); only the bloc's active members see
what is shared with it (bloc-visible deals and lessons), and only while the item's operator is an
active member too.
"""
