/* kd-auth.c: argon2id password hashes, random tokens and their digests. */
#define G_LOG_DOMAIN "kd-auth"

#include "config.h"

#include <string.h>
#include <gio/gio.h>
#include <glib/gi18n.h>
#include <sodium.h>

#include "kd-auth.h"

static gpointer
init_once (gpointer data)
{
  return GINT_TO_POINTER (sodium_init () >= 0);
}

/* Initializes libsodium once per process; FALSE if it cannot run here. */
gboolean
kd_auth_init (void)
{
  static GOnce once = G_ONCE_INIT;

  return GPOINTER_TO_INT (g_once (&once, init_once, NULL));
}

/* The argon2id hash of @password in libsodium's string form ("$argon2id$…"),
 * with its own random salt. */
char *
kd_auth_hash_password (const char  *password,
                       GError     **error)
{
  char out[crypto_pwhash_STRBYTES];

  g_return_val_if_fail (password != NULL, NULL);

  if (!kd_auth_init () ||
      crypto_pwhash_str_alg (out, password, strlen (password),
                             crypto_pwhash_OPSLIMIT_INTERACTIVE,
                             crypto_pwhash_MEMLIMIT_INTERACTIVE,
                             crypto_pwhash_ALG_ARGON2ID13) != 0)
    {
      /* Only when memory runs out. */
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE,
                           _("There is not enough memory to protect the password."));
      return NULL;
    }

  return g_strdup (out);
}

gboolean
kd_auth_verify_password (const char *hash,
                         const char *password)
{
  if (hash == NULL || password == NULL || !kd_auth_init ())
    return FALSE;
  if (strnlen (hash, crypto_pwhash_STRBYTES) >= crypto_pwhash_STRBYTES)
    return FALSE;

  return crypto_pwhash_str_verify (hash, password, strlen (password)) == 0;
}

/* TRUE when @hash was made with other limits (or another algorithm) than
 * kd_auth_hash_password() uses now: hash the password again after a sign-in. */
gboolean
kd_auth_needs_rehash (const char *hash)
{
  if (hash == NULL || !kd_auth_init ())
    return TRUE;
  if (strnlen (hash, crypto_pwhash_STRBYTES) >= crypto_pwhash_STRBYTES ||
      !g_str_has_prefix (hash, "$argon2id$"))
    return TRUE;

  return crypto_pwhash_str_needs_rehash (hash, crypto_pwhash_OPSLIMIT_INTERACTIVE,
                                         crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0;
}

static gpointer
make_dummy_hash (gpointer data)
{
  return kd_auth_hash_password ("kuiduo: no such account", NULL);
}

/* Spends the time of one verification, for a name that has no account, so
 * that a wrong name cannot be told from a wrong password by the delay. */
void
kd_auth_verify_dummy (const char *password)
{
  static GOnce once = G_ONCE_INIT;
  const char *hash = g_once (&once, make_dummy_hash, NULL);

  (void) kd_auth_verify_password (hash, password ? password : "");
}

static guchar *
random_bytes (gsize n_bytes)
{
  guchar *buf = g_malloc (n_bytes);

  if (!kd_auth_init ())
    g_error ("libsodium cannot be initialized");
  randombytes_buf (buf, n_bytes);

  return buf;
}

/* @n_bytes random bytes as URL-safe base64 without padding (cookie-safe). */
char *
kd_auth_random_token (gsize n_bytes)
{
  g_autofree guchar *buf = NULL;
  char *text;

  g_return_val_if_fail (n_bytes > 0, NULL);

  buf = random_bytes (n_bytes);
  text = g_base64_encode (buf, n_bytes);
  sodium_memzero (buf, n_bytes);

  g_strdelimit (text, "+", '-');
  g_strdelimit (text, "/", '_');
  if (strchr (text, '=') != NULL)
    *strchr (text, '=') = '\0';

  return text;
}

/* @n_bytes random bytes as lowercase hex. */
char *
kd_auth_random_hex (gsize n_bytes)
{
  g_autofree guchar *buf = NULL;
  char *text;

  g_return_val_if_fail (n_bytes > 0, NULL);

  buf = random_bytes (n_bytes);
  text = g_malloc (2 * n_bytes + 1);
  sodium_bin2hex (text, 2 * n_bytes + 1, buf, n_bytes);
  sodium_memzero (buf, n_bytes);

  return text;
}

/* The SHA-256 of @token, lowercase hex: what the database keeps of a token. */
char *
kd_auth_token_hash (const char *token)
{
  g_return_val_if_fail (token != NULL, NULL);

  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, token, -1);
}

/* Compares two secrets in a time that does not depend on where they differ
 * (only on their lengths, which are public). */
gboolean
kd_auth_equal (const char *a,
               const char *b)
{
  gsize len;

  if (a == NULL || b == NULL)
    return FALSE;
  len = strlen (a);
  if (len != strlen (b))
    return FALSE;

  return sodium_memcmp (a, b, len) == 0;
}
