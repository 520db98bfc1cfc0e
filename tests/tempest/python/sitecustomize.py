# Loaded by every Python process of the tempest run (PYTHONPATH points here), before the tests.
#
# Debian's tempest package (1:33.0.0-1) sleeps 10 seconds in SubnetsClient.delete_subnet, "when it takes time to
# teardown some ports": a wait for a slow agent, not a check. Tempest deletes a subnet in most tests, so the sleep
# alone would make the run take 15 minutes instead of about one. The product deletes a subnet's ports in the delete's
# own transaction; the client's call is otherwise unchanged (same request, same expected 204).
try:
    import tempest.lib.services.network.subnets_client as _subnets

    class _NoSleep:
        @staticmethod
        def sleep(_seconds):
            pass

    _subnets.time = _NoSleep
except ImportError:
    pass
