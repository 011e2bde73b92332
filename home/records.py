class NotInReferenceIndex:
    """Mixed into the award's own records (nominations, memberships, judging): they are not content, so
    Wagtail's usage report has no use for them, and indexing them would queue a background task on
    every save of deadline day's busiest rows."""

    wagtail_reference_index_ignore = True
