def test_an_unknown_page_answers_404_in_the_portal_layout(client, member):
    client.force_login(member)
    response = client.get("/members/no-such-operator/")
    assert response.status_code == 404
    assert b"We could not find that page" in response.content
    assert b"Sign out" in response.content  # the portal's navigation, not Django's bare page


def test_a_staff_page_answers_403_to_a_member_in_the_portal_layout(client, member):
    client.force_login(member)
    response = client.get("/staff/applications/")
    assert response.status_code == 403
    assert b"You cannot do this" in response.content
    assert b"Sign out" in response.content
