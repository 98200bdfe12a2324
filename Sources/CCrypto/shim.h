// OpenSSL's libcrypto (libssl-dev), for SHA-256 only: content fingerprints of batch runs and the
// scenario-to-shard hash (docs/scale-out.md).
#include <openssl/evp.h>
