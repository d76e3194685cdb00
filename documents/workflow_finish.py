"""WAGTAIL_FINISH_WORKFLOW_ACTION target.

Wagtail imports this while its own models load, so everything here is imported lazily.
"""


def finish_workflow_and_publish(workflow_state, user=None) -> None:
    """Publish the approved revision; the edition it creates records the workflow's sign-offs."""
    from .services.editions import finishing_workflow

    with finishing_workflow(workflow_state):
        revision = workflow_state.content_object.get_latest_revision()
        # The approval chain is the authority to issue: nobody holds publish on a document, superusers included
        # (issue_control.DocumentPermissionTester), so this is the one road that skips the check for a user.
        # `user` approved the last step; the edition records them as its publisher.
        revision.publish(user=user, skip_permission_checks=True)
