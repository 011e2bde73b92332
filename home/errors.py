class ServiceError(Exception):
    """A write that the rules refuse. `message` is safe to show to the person who asked."""

    def __init__(self, message, *, code: str = "invalid"):
        super().__init__(message)
        self.message = message
        self.code = code
