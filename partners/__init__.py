"""Partners of the alliance: public onboarding, review and sponsorship, introductions between
members, the partner directory and its API."""
