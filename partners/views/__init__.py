"""Web pages of the partners app, split by topic: the public onboarding (`public`), the
directory and partner page (`directory`), application review (`review`) and introductions."""
