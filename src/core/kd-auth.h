/* kd-auth.h: passwords and secrets. Passwords are hashed with argon2id
 * (libsodium's crypto_pwhash_str, the "interactive" limits: about 0.1 s and
 * 64 MiB each), so hashing and verifying are slow on purpose: never do them
 * on the writer thread or the UI thread. Session and API tokens are random
 * bytes shown once and stored only as their SHA-256. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define KD_AUTH_TOKEN_BYTES 32   /* session cookies, CSRF tokens, API keys */

gboolean  kd_auth_init             (void);
char     *kd_auth_hash_password    (const char *password,
                                    GError    **error);
gboolean  kd_auth_verify_password  (const char *hash,
                                    const char *password);
gboolean  kd_auth_needs_rehash     (const char *hash);
void      kd_auth_verify_dummy     (const char *password);
char     *kd_auth_random_token     (gsize       n_bytes);
char     *kd_auth_random_hex       (gsize       n_bytes);
char     *kd_auth_token_hash       (const char *token);
gboolean  kd_auth_equal            (const char *a,
                                    const char *b);

G_END_DECLS
