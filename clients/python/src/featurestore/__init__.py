"""featurestore: read feature groups into pandas from a notebook, locally and on AWS.

    from featurestore import FeatureStore

    fs = FeatureStore("http://127.0.0.1:8765", org="acme")    # `featurestore serve`, or the stack's ApiUrl
    customer = fs.get_group("customer")
    customer.calculate()                                      # a new version, with a progress bar
    df = customer.get_features(["distance", "gender"], exclude=["*"], filters=["age >= 30"])
"""

from .client import FeatureStore
from .drift import DriftReport
from .errors import (BadRequestError, ConflictError, DataError, FeatureStoreError, FeatureStoreTimeout, ForbiddenError,
                     NotFoundError, PayloadTooLargeError, QueryError, RunFailedError, ServerError, StorageError)
from .group import Group
from .reproductions import Reproduction
from .runs import Run

__version__ = "0.1.0"

__all__ = ["FeatureStore", "Group", "Run", "Reproduction", "DriftReport", "FeatureStoreError", "BadRequestError", "QueryError",
           "ForbiddenError", "NotFoundError", "ConflictError", "PayloadTooLargeError", "DataError", "StorageError",
           "ServerError", "FeatureStoreTimeout", "RunFailedError"]
