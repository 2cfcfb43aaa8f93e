/* override.c -- `--set path=value` on a JSON tree (scenario.h).
 *
 * Path: keys joined by '.', array elements by [N]: vms[0].memory_gib,
 * models.sched.name.  Value: true/false/null, a number, a JSON array or
 * object or quoted string, else a bare string.  Missing objects on the way
 * are created (models.sched when the file has no models); [N] may index an
 * existing element or append at N = length.
 */
#include "scenario.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jsonfile.h"

/* The value of an assignment; JSON text is checked as a file's would be
 * (syntax, duplicate keys) by the one JSON reader. */
static int parse_value(const char *path, const char *v, cJSON **out, vdc_error *err)
{
    vdc_jsonfile_hooks();
    if (*v == '[' || *v == '{' || *v == '"') {
        char what[540];
        snprintf(what, sizeof what, "%s", path);
        return vdc_jsonfile_value(v, what, out, err);
    }
    char *end;
    double d = strtod(v, &end);
    if (strcmp(v, "true") == 0) *out = cJSON_CreateTrue();
    else if (strcmp(v, "false") == 0) *out = cJSON_CreateFalse();
    else if (strcmp(v, "null") == 0) *out = cJSON_CreateNull();
    else if (*v && *end == 0 && isfinite(d) && strspn(v, " \t") == 0) *out = cJSON_CreateNumber(d);
    else *out = cJSON_CreateString(v);
    return *out ? 0 : vdc_error_set(err, VDC_ENOMEM, "out of memory");
}

int vdc_scenario_set(cJSON *root, const char *assignment, vdc_error *err)
{
    const char *eq = strchr(assignment, '=');
    if (!eq || eq == assignment)
        return vdc_error_set(err, VDC_EINPUT, "\"%s\": expected path=value", assignment);
    size_t plen = (size_t)(eq - assignment);
    if (plen > 512)
        return vdc_error_set(err, VDC_EINPUT, "path too long");
    char path[520];
    memcpy(path, assignment, plen);
    path[plen] = 0;
    cJSON *val;
    int rc = parse_value(path, eq + 1, &val, err);
    if (rc)
        return rc;

    cJSON *node = root;
    char *p = path;
    for (;;) {
        /* one segment: a key (maybe empty before '[' at the start) */
        size_t klen = strcspn(p, ".[");
        char key[520];
        memcpy(key, p, klen);
        key[klen] = 0;
        p += klen;
        bool have_key = klen > 0;
        if (!have_key && (p == path || *p != '[')) {
            cJSON_Delete(val);
            return vdc_error_set(err, VDC_EINPUT, "%s: empty key in path", path);
        }
        long idx = -1;
        if (have_key) {
            if (!cJSON_IsObject(node)) {
                cJSON_Delete(val);
                return vdc_error_set(err, VDC_EINPUT, "%s: cannot set key \"%s\" in a %s", path,
                                     key, vdc_param_json_type(node));
            }
            if (*p == 0) {                          /* last segment: set */
                cJSON *old = cJSON_GetObjectItemCaseSensitive(node, key);
                if (old)
                    cJSON_ReplaceItemInObjectCaseSensitive(node, key, val);
                else
                    cJSON_AddItemToObject(node, key, val);
                return 0;
            }
            cJSON *next = cJSON_GetObjectItemCaseSensitive(node, key);
            if (!next) {
                next = *p == '[' ? cJSON_CreateArray() : cJSON_CreateObject();
                if (!next) {
                    cJSON_Delete(val);
                    return vdc_error_set(err, VDC_ENOMEM, "out of memory");
                }
                cJSON_AddItemToObject(node, key, next);
            }
            node = next;
        }
        while (*p == '[') {                          /* [N] indices */
            char *end;
            idx = strtol(p + 1, &end, 10);
            if (end == p + 1 || *end != ']' || idx < 0) {
                cJSON_Delete(val);
                return vdc_error_set(err, VDC_EINPUT, "%s: bad index near \"%s\"", path, p);
            }
            p = end + 1;
            if (!cJSON_IsArray(node)) {
                cJSON_Delete(val);
                return vdc_error_set(err, VDC_EINPUT, "%s: cannot index a %s", path,
                                     vdc_param_json_type(node));
            }
            int n = cJSON_GetArraySize(node);
            if (idx > n) {
                cJSON_Delete(val);
                return vdc_error_set(err, VDC_EINPUT, "%s: index %ld out of range (%d elements)",
                                     path, idx, n);
            }
            if (*p == 0) {
                if (idx == n)
                    cJSON_AddItemToArray(node, val);
                else
                    cJSON_ReplaceItemInArray(node, (int)idx, val);
                return 0;
            }
            if (idx == n) {
                cJSON *o = *p == '[' ? cJSON_CreateArray() : cJSON_CreateObject();
                if (!o) {
                    cJSON_Delete(val);
                    return vdc_error_set(err, VDC_ENOMEM, "out of memory");
                }
                cJSON_AddItemToArray(node, o);
            }
            node = cJSON_GetArrayItem(node, (int)idx);
        }
        if (*p == '.')
            p++;
        else if (*p) {
            cJSON_Delete(val);
            return vdc_error_set(err, VDC_EINPUT, "%s: bad path near \"%s\"", path, p);
        }
    }
}
