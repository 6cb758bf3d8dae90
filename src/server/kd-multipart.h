/* kd-multipart.h: a bounded multipart/form-data parser (RFC 7578). A pure
 * function over bytes, so that the fuzz target reaches exactly what the LAN
 * reaches; every bound is checked before anything is copied. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define KD_MULTIPART_ERROR (kd_multipart_error_quark ())

typedef enum {
  KD_MULTIPART_ERROR_MALFORMED,       /* 400 */
  KD_MULTIPART_ERROR_TOO_MANY_PARTS,  /* 400 */
  KD_MULTIPART_ERROR_TOO_MANY_FILES,  /* 400 */
  KD_MULTIPART_ERROR_FIELD_TOO_LARGE, /* 400 */
  KD_MULTIPART_ERROR_FILE_TOO_LARGE,  /* 413 */
} KdMultipartError;

#define KD_MULTIPART_MAX_PARTS        20
#define KD_MULTIPART_MAX_FILES        3
#define KD_MULTIPART_MAX_FILE         (5 * 1024 * 1024)
#define KD_MULTIPART_MAX_FIELD        (16 * 1024)   /* bytes: 4,000 characters of CJK text */
#define KD_MULTIPART_MAX_HEADER_LINE  1024
#define KD_MULTIPART_MAX_HEADERS      8             /* per part */
#define KD_MULTIPART_MAX_NAME         64
#define KD_MULTIPART_MAX_BOUNDARY     70            /* RFC 2046 */

typedef struct
{
  char   *name;          /* the form field's name */
  char   *filename;      /* NULL for a plain field; may be "" */
  char   *content_type;  /* as declared (never trusted); NULL when absent */
  GBytes *data;
} KdMultipartPart;

GQuark     kd_multipart_error_quark (void);
void       kd_multipart_part_free   (KdMultipartPart *part);
gboolean   kd_multipart_boundary_is_valid (const char *boundary);
GPtrArray *kd_multipart_parse       (const char      *boundary,
                                     GBytes          *body,
                                     GError         **error);
KdMultipartPart *kd_multipart_find  (GPtrArray       *parts,
                                     const char      *name);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KdMultipartPart, kd_multipart_part_free)

G_END_DECLS
