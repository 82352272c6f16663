"""Background tasks of the relationships app (none yet: the e-mails of a
proposal and its answers go through the outbox, ``common.mail``)."""
