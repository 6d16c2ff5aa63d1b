"""The admin's account changes on /admin/users, by keyboard, checked with axe-core: reset a
password (shown once) and disable the account, which then cannot sign in."""
from __future__ import annotations


def test_admin_resets_a_password_and_disables_a_user_by_keyboard(new_context, page, server, sign_in, shoot, axe):
    sign_in(page, "admin")
    page.get_by_label("Username").fill("leaving-officer")
    page.get_by_label("Role", exact=True).select_option("practice_lead")
    with page.expect_navigation():
        page.get_by_role("button", name="Add user").click()

    summary = page.locator("summary", has_text="leaving-officer")
    summary.focus()
    page.keyboard.press("Enter")  # opens the user's changes
    reset = page.get_by_role("button", name="Reset password of leaving-officer")
    assert reset.is_visible()
    reset.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    shown = page.get_by_role("status").filter(has_text="New password for leaving-officer")
    password = shown.locator("code").inner_text().strip()
    assert len(password) >= 12
    shoot(page, "admin-3-password-reset")
    axe(page, "admin-password-reset")

    page.locator("summary", has_text="leaving-officer").focus()
    page.keyboard.press("Enter")
    disable = page.get_by_role("button", name="Disable leaving-officer")
    disable.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "Disabled: leaving-officer." in page.get_by_role("status").first.inner_text()
    row = page.get_by_role("row").filter(has_text="leaving-officer")
    assert "disabled" in row.inner_text()
    shoot(page, "admin-4-user-disabled")
    axe(page, "admin-user-disabled")

    # The disabled officer cannot sign in, even with the new password.
    theirs = new_context().new_page()
    theirs.goto(server("/login"))
    theirs.get_by_label("Username").fill("leaving-officer")
    theirs.get_by_label("Password").fill(password)
    with theirs.expect_navigation():
        theirs.get_by_role("button", name="Sign in").click()
    assert "/login" in theirs.url and "Wrong username or password." in theirs.content()
