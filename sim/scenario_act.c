/* scenario_act.c -- the "models" and "actions" parts of a scenario.
 *
 * models: one object per kind, {"name": model, ...its parameters}; kinds not
 * mentioned get their default model (if any), written into the resolved
 * scenario.  actions: {"at_s": t, "<verb>": {...}}, the verb looked up among
 * the core verbs and the chosen models' verbs; a verb of a model that is not
 * chosen gets a message naming the model to choose.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scenario_int.h"
#include "sim_int.h"

/* ---- models -------------------------------------------------------------- */

static int list_models(char *buf, size_t n, vdc_kind k)
{
    size_t used = 0;
    buf[0] = 0;
    for (const vdc_model_type *const *m = vdc_registry_list(k); *m; m++)
        used += (size_t)snprintf(buf + used, used < n ? n - used : 0, "%s%s",
                                 used ? "," : "", (*m)->name);
    return 0;
}

/* Every capability a chosen model needs is offered by another chosen model
 * (sim/model.h): else name the key that asks and the models that offer it. */
static int check_needs(const vdc_scenario *sc, vdc_error *err)
{
    for (int k = 0; k < VDC_KIND_COUNT; k++) {
        const vdc_model_type *t = sc->model[k].type;
        const char *key = "name";
        unsigned need = t && t->needs ? t->needs(sc->model[k].params, &key) : 0;
        for (unsigned bit = 1; need; bit <<= 1) {
            if (!(need & bit))
                continue;
            need &= ~bit;
            bool met = false;
            for (int o = 0; o < VDC_KIND_COUNT; o++)
                met = met || (o != k && sc->model[o].type && (sc->model[o].type->caps & bit));
            if (met)
                continue;
            vdc_kind ck = vdc_cap_kind(bit);
            char offer[256] = "none yet";
            size_t used = 0;
            for (const vdc_model_type *const *m = ck < VDC_KIND_COUNT ? vdc_registry_list(ck) : NULL;
                 m && *m; m++)
                if ((*m)->caps & bit)
                    used += (size_t)snprintf(offer + used, used < sizeof offer ? sizeof offer - used : 0,
                                             "%s%s", used ? ", " : "", (*m)->name);
            const vdc_model_type *have = ck < VDC_KIND_COUNT ? sc->model[ck].type : NULL;
            const char *kn = ck < VDC_KIND_COUNT ? vdc_kind_name(ck) : "other";
            if (have)
                return vdc_error_set(err, VDC_EINPUT,
                                     "%s: models.%s.%s: %s needs a %s model that %s; "
                                     "models.%s.name = %s does not (choose: %s)",
                                     sc->file, vdc_kind_name(k), key, t->name, kn,
                                     vdc_cap_what(bit), kn, have->name, offer);
            return vdc_error_set(err, VDC_EINPUT,
                                 "%s: models.%s.%s: %s needs a %s model that %s; none is chosen "
                                 "(choose: %s)", sc->file, vdc_kind_name(k), key, t->name, kn,
                                 vdc_cap_what(bit), offer);
        }
    }
    return 0;
}

int vdc_scenario_models(vdc_scenario *sc, cJSON *models, vdc_error *err)
{
    const char *file = sc->file;
    char got[64], buf[512];
    int bad = 0;                        /* first input error, when collecting */
    if (models && !cJSON_IsObject(models)) {
        vdc_param_show(models, got, sizeof got);
        return vdc_error_set(err, VDC_EINPUT, "%s: models: must be an object, got %s", file, got);
    }
    for (cJSON *it = models ? models->child : NULL; it; it = it->next) {
        if (vdc_kind_find(it->string) < 0) {
            const char *kn[VDC_KIND_COUNT];
            for (int k = 0; k < VDC_KIND_COUNT; k++)
                kn[k] = vdc_kind_name(k);
            const char *s = vdc_param_suggest(it->string, kn, VDC_KIND_COUNT);
            return vdc_error_set(err, VDC_EINPUT, "%s: models.%s: unknown model kind%s%s%s", file,
                                 it->string, s ? " (did you mean \"" : "", s ? s : "",
                                 s ? "\"?)" : "");
        }
    }
    for (int k = 0; k < VDC_KIND_COUNT; k++) {
        const char *kn = vdc_kind_name(k);
        cJSON *mj = models ? cJSON_GetObjectItemCaseSensitive(models, kn) : NULL;
        const char *name = vdc_kind_default(k);
        if (mj) {
            if (!cJSON_IsObject(mj)) {
                vdc_param_show(mj, got, sizeof got);
                return vdc_error_set(err, VDC_EINPUT,
                                     "%s: models.%s: must be an object like {\"name\": ...}, got %s",
                                     file, kn, got);
            }
            cJSON *nj = cJSON_GetObjectItemCaseSensitive(mj, "name");
            if (!nj && !name)
                return vdc_error_set(err, VDC_EINPUT, "%s: models.%s.name: required, missing",
                                     file, kn);
            if (nj) {
                if (!cJSON_IsString(nj)) {
                    vdc_param_show(nj, got, sizeof got);
                    return vdc_error_set(err, VDC_EINPUT, "%s: models.%s.name: must be a string, got %s",
                                         file, kn, got);
                }
                name = nj->valuestring;
            }
        }
        if (!name)
            continue;                              /* kind not used */
        const vdc_model_type *t = vdc_registry_find(k, name);
        if (!t) {
            list_models(buf, sizeof buf, k);
            int rc = vdc_error_set(err, VDC_EINPUT, "%s: models.%s.name: no %s model \"%s\" (valid: %s)",
                                   file, kn, kn, name, buf[0] ? buf : "none yet");
            if (!vdc_error_more(err, rc))
                return rc;
            bad = bad ? bad : rc;
            continue;
        }
        if (!mj) {
            if (!models || !(mj = cJSON_AddObjectToObject(models, kn)))
                return vdc_error_set(err, VDC_ENOMEM, "out of memory");
        }
        if (!cJSON_GetObjectItemCaseSensitive(mj, "name") &&
            !cJSON_AddStringToObject(mj, "name", t->name))
            return vdc_error_set(err, VDC_ENOMEM, "out of memory");
        vdc_param tbl[256];
        size_t n = 0;
        tbl[n++] = (vdc_param){ .name = "name", .type = VDC_PARAM_SKIP };
        for (const vdc_param *p = t->params; p && p->name && n < 126; p++)
            tbl[n++] = *p;
        /* Parameters of the kind's other models are accepted (and ignored), so
         * that `--set models.sched.name=fluid` works on a credit scenario. */
        for (const vdc_model_type *const *o = vdc_registry_list(k); *o; o++)
            for (const vdc_param *p = (*o)->params; *o != t && p && p->name && n < 254; p++) {
                bool dup = false;
                for (size_t i = 0; i < n && !dup; i++)
                    dup = strcmp(tbl[i].name, p->name) == 0;
                if (!dup)
                    tbl[n++] = (vdc_param){ .name = p->name, .type = VDC_PARAM_SKIP };
            }
        tbl[n] = (vdc_param){ 0 };
        void *params = vdc_scenario_own(sc, calloc(1, t->params_size ? t->params_size : 1));
        if (!params)
            return vdc_error_set(err, VDC_ENOMEM, "out of memory");
        char path[64];
        snprintf(path, sizeof path, "models.%s", kn);
        int rc = vdc_param_fill(tbl, mj, params, file, path, &sc->names, err);
        if (rc && !vdc_error_more(err, rc))
            return rc;
        if (rc) {                       /* collecting: the other kinds too */
            bad = bad ? bad : rc;
            sc->model[k].rejected = true;
            continue;
        }
        sc->model[k].type = t;
        sc->model[k].params = params;
    }
    if (bad)
        return bad;                     /* needs are checked on a complete set */
    return check_needs(sc, err);
}

/* ---- actions ------------------------------------------------------------- */

static const vdc_param setwl_params[] = {
    { .name = "vm", .type = VDC_PARAM_VM, .offset = offsetof(vdc_core_setwl, vm),
      .help = "VM whose workload changes" },
    { .name = "workload", .type = VDC_PARAM_SKIP },
    { 0 }
};

/* The model (any kind) that defines `verb`, for a helpful message. */
static const vdc_model_type *verb_owner(const char *verb, int *kind)
{
    for (int k = 0; k < VDC_KIND_COUNT; k++)
        for (const vdc_model_type *const *m = vdc_registry_list(k); *m; m++)
            for (const vdc_action_type *const *a = (*m)->actions; a && *a; a++)
                if (strcmp((*a)->verb, verb) == 0) {
                    *kind = k;
                    return *m;
                }
    return NULL;
}

/* resize: something to change, within the VM's limits (the VM named is one
 * of the scenario's, so its max_vcpus and memory are known now). */
static int check_resize(const vdc_scenario *sc, const vdc_core_resize *a, cJSON *verb,
                        const char *sub, vdc_error *err)
{
    char got[64];
    const vdc_vm *v = &sc->vms[a->vm];
    int64_t maxv = v->max_vcpus > v->vcpus ? v->max_vcpus : v->vcpus;
    if (a->vcpus == 0 && a->memory_mib == 0 && a->weight == 0 && a->cap < 0)
        return vdc_error_set(err, VDC_EINPUT,
                             "%s: %s: nothing to resize (give vcpus, memory_mib, weight or cap)",
                             sc->file, sub);
    if (a->vcpus > maxv) {
        vdc_param_show(cJSON_GetObjectItemCaseSensitive(verb, "vcpus"), got, sizeof got);
        return vdc_error_set(err, VDC_EINPUT,
                             "%s: %s.vcpus: must be <= max_vcpus = %lld of VM %s (set "
                             "vms[].max_vcpus to hot-plug more), got %s",
                             sc->file, sub, (long long)maxv, v->name, got);
    }
    if (a->memory_mib > v->memory_gib * 1024) {
        vdc_param_show(cJSON_GetObjectItemCaseSensitive(verb, "memory_mib"), got, sizeof got);
        return vdc_error_set(err, VDC_EINPUT,
                             "%s: %s.memory_mib: must be <= memory_gib x 1024 = %g of VM %s "
                             "(a VM never has more than it was defined with), got %s",
                             sc->file, sub, v->memory_gib * 1024, v->name, got);
    }
    if (a->cap > 100 * maxv) {
        vdc_param_show(cJSON_GetObjectItemCaseSensitive(verb, "cap"), got, sizeof got);
        return vdc_error_set(err, VDC_EINPUT,
                             "%s: %s.cap: must be <= 100 x max_vcpus = %lld of VM %s, got %s",
                             sc->file, sub, (long long)(100 * maxv), v->name, got);
    }
    return 0;
}

static int parse_action(vdc_scenario *sc, cJSON *it, int i, vdc_action *out, vdc_error *err)
{
    const char *file = sc->file;
    char path[64], sub[96], got[64];
    snprintf(path, sizeof path, "actions[%d]", i);
    cJSON *at = cJSON_GetObjectItemCaseSensitive(it, "at_s");
    if (!at)
        return vdc_error_set(err, VDC_EINPUT, "%s: %s.at_s: required, missing", file, path);
    if (!cJSON_IsNumber(at) || !(at->valuedouble >= 0) || at->valuedouble > sc->duration_s) {
        vdc_param_show(at, got, sizeof got);
        return vdc_error_set(err, VDC_EINPUT, "%s: %s.at_s: must be a time in [0, duration_s=%g], got %s",
                             file, path, sc->duration_s, got);
    }
    out->at_s = at->valuedouble;
    cJSON *verb = NULL;
    for (cJSON *k = it->child; k; k = k->next) {
        if (strcmp(k->string, "at_s") == 0)
            continue;
        if (verb)
            return vdc_error_set(err, VDC_EINPUT, "%s: %s: one verb per action, got \"%s\" and \"%s\"",
                                 file, path, verb->string, k->string);
        verb = k;
    }
    if (!verb)
        return vdc_error_set(err, VDC_EINPUT, "%s: %s: missing a verb (e.g. \"migrate\": {...})",
                             file, path);
    snprintf(sub, sizeof sub, "%s.%s", path, verb->string);
    if (!cJSON_IsObject(verb)) {
        vdc_param_show(verb, got, sizeof got);
        return vdc_error_set(err, VDC_EINPUT, "%s: %s: must be an object, got %s", file, sub, got);
    }
    if (strcmp(verb->string, vdc_core_set_workload.verb) == 0) {
        vdc_core_setwl *a = vdc_scenario_own(sc, calloc(1, sizeof *a));
        if (!a)
            return vdc_error_set(err, VDC_ENOMEM, "out of memory");
        int rc = vdc_param_fill(setwl_params, verb, a, file, sub, &sc->names, err);
        if (rc)
            return rc;
        char wsub[128];
        snprintf(wsub, sizeof wsub, "%s.workload", sub);
        rc = vdc_scenario_workload(cJSON_GetObjectItemCaseSensitive(verb, "workload"), &a->wl, file,
                            wsub, &sc->names, err);
        if (rc)
            return rc;
        if (!rc)
            rc = vdc_scenario_trace_single(sc, &a->wl, a->vm >= 0 ? sc->vms[a->vm].vcpus : 1,
                                           wsub, err);
        if (rc)
            return rc;
        if (a->wl.type == VDC_WL_PING && a->wl.peer == a->vm)
            return vdc_error_set(err, VDC_EINPUT, "%s: %s.peer: must be another VM", file, wsub);
        out->kind = -1;
        out->type = &vdc_core_set_workload;
        out->args = a;
        return 0;
    }
    if (strcmp(verb->string, vdc_core_reboot_verb.verb) == 0) {
        vdc_core_reboot *a = vdc_scenario_own(sc, calloc(1, sizeof *a));
        if (!a)
            return vdc_error_set(err, VDC_ENOMEM, "out of memory");
        a->size.cap = -1;
        int rc = vdc_param_fill(vdc_core_reboot_params, verb, a, file, sub, &sc->names, err);
        if (rc)
            return rc;
        if ((a->size.vcpus > 0 || a->size.memory_mib > 0) &&
            (rc = check_resize(sc, &a->size, verb, sub, err)))
            return rc;
        if (a->lost_since_s > out->at_s) {
            vdc_param_show(cJSON_GetObjectItemCaseSensitive(verb, "lost_since_s"), got, sizeof got);
            return vdc_error_set(err, VDC_EINPUT,
                                 "%s: %s.lost_since_s: must be <= the action's at_s = %g "
                                 "(a checkpoint before the reboot), got %s",
                                 file, sub, out->at_s, got);
        }
        out->kind = -1;
        out->type = &vdc_core_reboot_verb;
        out->args = a;
        return 0;
    }
    if (strcmp(verb->string, vdc_core_resize_verb.verb) == 0) {
        vdc_core_resize *a = vdc_scenario_own(sc, calloc(1, sizeof *a));
        if (!a)
            return vdc_error_set(err, VDC_ENOMEM, "out of memory");
        int rc = vdc_param_fill(vdc_core_resize_params, verb, a, file, sub, &sc->names, err);
        if (rc)
            return rc;
        rc = check_resize(sc, a, verb, sub, err);
        if (rc)
            return rc;
        out->kind = -1;
        out->type = &vdc_core_resize_verb;
        out->args = a;
        return 0;
    }
    for (int k = 0; k < VDC_KIND_COUNT; k++) {
        const vdc_model_type *t = sc->model[k].type;
        for (const vdc_action_type *const *a = t ? t->actions : NULL; a && *a; a++) {
            if (strcmp((*a)->verb, verb->string) != 0)
                continue;
            void *args = vdc_scenario_own(sc, calloc(1, (*a)->params_size ? (*a)->params_size : 1));
            if (!args)
                return vdc_error_set(err, VDC_ENOMEM, "out of memory");
            int rc = vdc_param_fill((*a)->params, verb, args, file, sub, &sc->names, err);
            if (rc)
                return rc;
            out->kind = k;
            out->type = *a;
            out->args = args;
            return 0;
        }
    }
    int kind;
    const vdc_model_type *owner = verb_owner(verb->string, &kind);
    /* the owner's block was refused and said why: no second message */
    if (owner && sc->model[kind].rejected)
        return VDC_EINPUT;
    if (owner)
        return vdc_error_set(err, VDC_EINPUT,
                             "%s: %s: \"%s\" needs a %s model (e.g. models.%s.name=\"%s\")", file,
                             path, verb->string, vdc_kind_name(kind), vdc_kind_name(kind),
                             owner->name);
    return vdc_error_set(err, VDC_EINPUT, "%s: %s.%s: unknown action verb", file, path,
                         verb->string);
}

int vdc_scenario_actions(vdc_scenario *sc, cJSON *arr, vdc_error *err)
{
    int n = arr ? cJSON_GetArraySize(arr) : 0;
    if (n > VDC_MAX_ACTIONS)
        return vdc_error_set(err, VDC_EINPUT, "%s: actions: more than %d actions", sc->file,
                             VDC_MAX_ACTIONS);
    sc->actions = calloc(n ? (size_t)n : 1, sizeof *sc->actions);
    if (!sc->actions)
        return vdc_error_set(err, VDC_ENOMEM, "out of memory");
    int i = 0, bad = 0;
    for (cJSON *it = arr ? arr->child : NULL; it; it = it->next, i++) {
        int rc = parse_action(sc, it, i, &sc->actions[sc->naction], err);
        if (rc && !vdc_error_more(err, rc))
            return rc;
        if (rc)
            bad = bad ? bad : rc;       /* collecting: look at the next action */
        else
            sc->naction++;
    }
    return bad;
}

