use alloc::vec;

use crate::fix::{Edit, Fix, Json};
use crate::index::Ctx;
use crate::model::ptr_join;
use crate::rule::{Finding, Sink};
use crate::text;

crate::declare_rule! {
    /// ## What it checks
    /// A production ECS (role `app` or `database` in a primary region) with
    /// `"autostart": false`. An ECS that does not say is not reported.
    ///
    /// ## Why
    /// When the host or the operating system of an ECS fails, the platform migrates the
    /// instance and boots it again elsewhere. The business software only comes back by itself
    /// if it starts at boot; otherwise the instance is up but serves nothing until someone logs
    /// in.
    ///
    /// ## Failing example
    /// ```json
    /// { "archlint": 1,
    ///   "regions": [ { "id": "hz", "network": "classic",
    ///                  "zones": [ { "id": "hz-b" }, { "id": "hz-c" } ] } ],
    ///   "nodes": [ { "id": "web-1", "kind": "ecs", "module": "web", "zone": "hz-b", "autostart": false },
    ///              { "id": "web-2", "kind": "ecs", "module": "web", "zone": "hz-c", "autostart": true } ] }
    /// ```
    ///
    /// ## Passing example
    /// ```json
    /// { "archlint": 1,
    ///   "regions": [ { "id": "hz", "network": "classic",
    ///                  "zones": [ { "id": "hz-b" }, { "id": "hz-c" } ] } ],
    ///   "nodes": [ { "id": "web-1", "kind": "ecs", "module": "web", "zone": "hz-b", "autostart": true },
    ///              { "id": "web-2", "kind": "ecs", "module": "web", "zone": "hz-c", "autostart": true } ] }
    /// ```
    ///
    /// ## Source
    /// "Building the recommended architecture" in the classic-network ECS guide: business
    /// modules must be set to start at boot, so that they serve again after an ECS is migrated
    /// automatically. A failure of the ECS or its operating system triggers that migration; a
    /// failure of the business software does not.
    pub struct NoAutostart {
        code: "HA005",
        name: "no-autostart",
        severity: Warning,
        summary: (
            "A production ECS does not start its business software at boot",
            "生产 ECS 的业务程序未配置开机自启动"
        ),
        zh: "## 检查内容\n\
生产 ECS（主地域中角色为 `app` 或 `database` 的 ECS）写明了 `\"autostart\": false`。没有写该字段的 ECS 不报告。\n\
\n\
## 原因\n\
ECS 的宿主机或操作系统故障时，平台会把实例迁移到别处并重新启动。只有业务程序随系统启动，服务才会自动恢复；否则实例虽已运行，却要等人登录后才能提供服务。\n\
\n\
## 依据\n\
经典网络 ECS 指南“搭建金融云推荐架构”一节：业务模块必须配置为开机自启动，这样 ECS 自动迁移后业务也能自动恢复。ECS 本身或操作系统故障会触发自动迁移，业务模块故障则不会。",
        check: check,
        fix: fix,
        fix_note: (
            "safe: sets \"autostart\": true (the software still has to be registered as a boot-time service)",
            "安全：设置 \"autostart\": true（业务程序仍需注册为开机启动的服务）"
        ),
        facts: facts,
    }
}

fn fix(_: &Ctx<'_>, f: &Finding) -> Option<Fix> {
    let id = f.target.as_deref()?;
    Some(Fix::safe(
        text!(
            "set \"autostart\": true on `{id}`",
            "将 `{id}` 设置为 \"autostart\": true"
        ),
        vec![Edit::Set {
            at: f.pointer.clone(),
            value: Json::Bool(true),
        }],
    ))
}

fn check(cx: &Ctx<'_>, out: &mut Sink) {
    for (i, n) in cx.design.nodes.iter().enumerate() {
        if !cx.production[i] || n.autostart != Some(false) {
            continue;
        }
        let id = &n.id;
        let module = n.module_name();
        out.report(
            Some(id),
            ptr_join(&n.ptr, "autostart"),
            text!(
                "`{id}` (module `{module}`) does not start its business software at boot: after an automatic migration the instance comes back without serving",
                "`{id}`（模块 `{module}`）的业务程序不随系统启动：自动迁移后实例虽已重启，却不会提供服务"
            ),
            text!(
                "register the software of `{id}` as a boot-time service and set \"autostart\": true",
                "把 `{id}` 上的业务程序注册为开机启动的服务，并设置 \"autostart\": true"
            ),
        );
    }
}

/// What the rule needs of the design (the coverage report).
#[cfg(feature = "coverage")]
fn facts(cx: &crate::index::Ctx<'_>, f: &mut crate::coverage::Facts) {
    use crate::coverage::{GapBuilder, Lack};
    use crate::rules::helpers::facts as h;
    static AUTOSTART: Lack = Lack::new(
        "{id} does not say whether its software starts at boot (autostart)",
        "{id} 没有写业务程序是否开机自启动（autostart）",
        "{n} production ECS do not say whether their software starts at boot (autostart)",
        "{n} 台生产 ECS 没有写业务程序是否开机自启动（autostart）",
    );
    if !h::production(cx, f) {
        return;
    }
    let mut g = GapBuilder::new(&AUTOSTART);
    for (i, n) in cx.design.nodes.iter().enumerate() {
        if cx.production[i] && n.autostart.is_none() {
            g.add(&n.id, &n.ptr);
        }
    }
    f.push(g);
}
