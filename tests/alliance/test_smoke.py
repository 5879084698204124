def test_home_page_invites_visitors_to_sign_in(client, db):
    response = client.get("/")
    assert response.status_code == 200
    assert b"Sign in" in response.content


def test_dashboard_shows_the_members_operator(client, member, operator):
    client.force_login(member)
    response = client.get("/dashboard/")
    assert response.status_code == 200
    assert operator.name.encode() in response.content
