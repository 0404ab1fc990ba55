use alloc::string::String;
use alloc::vec::Vec;

use crate::index::Ctx;
use crate::model::ptr_join;
use crate::rule::Sink;
use crate::text;

use crate::numfmt::plain as num;

crate::declare_rule! {
    /// ## What it checks
    /// A business module with one or two production ECS where every instance has `cpu` of 8 or
    /// more. When the size of any instance of the module is unknown, the module is not
    /// reported.
    ///
    /// ## Why
    /// Capacity held by few large instances is lost in big pieces: when one of two large ECS
    /// fails, half of the module's power goes with it. The same capacity spread over several
    /// small instances (2 or 4 cores are usually enough) loses a small share per failure, and
    /// the more interchangeable instances there are, the less a failure shows.
    ///
    /// ## Failing example
    /// ```json
    /// { "archlint": 1,
    ///   "regions": [ { "id": "hz", "network": "classic",
    ///                  "zones": [ { "id": "hz-b" }, { "id": "hz-c" } ] } ],
    ///   "nodes": [ { "id": "app-1", "kind": "ecs", "module": "app", "zone": "hz-b", "cpu": 16 },
    ///              { "id": "app-2", "kind": "ecs", "module": "app", "zone": "hz-c", "cpu": 16 } ] }
    /// ```
    ///
    /// ## Passing example
    /// ```json
    /// { "archlint": 1,
    ///   "regions": [ { "id": "hz", "network": "classic",
    ///                  "zones": [ { "id": "hz-b" }, { "id": "hz-c" } ] } ],
    ///   "nodes": [ { "id": "app-1", "kind": "ecs", "module": "app", "zone": "hz-b", "cpu": 4 },
    ///              { "id": "app-2", "kind": "ecs", "module": "app", "zone": "hz-c", "cpu": 4 },
    ///              { "id": "app-3", "kind": "ecs", "module": "app", "zone": "hz-b", "cpu": 4 },
    ///              { "id": "app-4", "kind": "ecs", "module": "app", "zone": "hz-c", "cpu": 4 } ] }
    /// ```
    ///
    /// ## Source
    /// "Building the recommended architecture" in the classic-network ECS guide (and the CPU /
    /// memory row of "Opening an ECS"): choose several low-spec servers rather than one
    /// high-spec one, typically 2 cores / 2 GB or 4 cores / 4 GB; the more ECS provide the same
    /// function, the smaller the impact of a failure and the higher the availability.
    pub struct FewLargeInstances {
        code: "HA006",
        name: "few-large-instances",
        severity: Info,
        summary: (
            "A module runs on one or two large ECS instead of several small ones",
            "业务模块只用一两台高配 ECS，而不是多台低配 ECS"
        ),
        zh: "## 检查内容\n\
业务模块只有一台或两台生产 ECS，且每台的 `cpu` 都不低于 8。只要模块中有一台实例的规格未知，就不报告。\n\
\n\
## 原因\n\
集中在少数高配实例上的处理能力会成块地损失：两台高配 ECS 坏一台，模块就少了一半能力。同样的能力分散到多台低配实例（通常 2 核或 4 核即可）时，每次故障只损失一小部分；可互换的实例越多，故障的影响越小。\n\
\n\
## 依据\n\
经典网络 ECS 指南“搭建金融云推荐架构”一节（以及“开通ECS”中 CPU/内存一项）：建议选用多台低配而不是一台高配的服务器，通常 2 核 2G 或 4 核 4G 即可；提供相同功能的 ECS 越多，故障影响越小，可用性越高。",
        check: check,
        fix_note: (
            "none: how to split the capacity (how many instances, of which size) is a sizing decision",
            "无：如何拆分处理能力（多少台、什么规格）需要根据容量规划来决定"
        ),
        facts: facts,
    }
}

fn check(cx: &Ctx<'_>, out: &mut Sink) {
    for (module, members) in cx.modules.iter() {
        if members.is_empty() || members.len() > 2 {
            continue;
        }
        let mut cpus: Vec<f64> = Vec::new();
        for &i in members {
            if let Some(c) = cx.node(i).cpu {
                cpus.push(c);
            }
        }
        if cpus.len() < members.len() {
            continue; // a size is unknown
        }
        if !cpus.iter().all(|&c| c >= 8.0) {
            continue;
        }
        let Some(&first) = members.first() else {
            continue;
        };
        let n = cx.node(first);
        let id = &n.id;
        let count = members.len();
        let mut sizes = String::new();
        for (k, &c) in cpus.iter().enumerate() {
            if k > 0 {
                sizes.push_str(" + ");
            }
            sizes.push_str(&num(c));
        }
        out.report(
            Some(id),
            ptr_join(&n.ptr, "cpu"),
            text!(
                "module `{module}` runs on {count} large ECS ({sizes} CPUs): losing one takes away a large share of its capacity",
                "模块 `{module}` 只部署在 {count} 台高配 ECS 上（{sizes} 核）：坏一台就会损失大部分处理能力"
            ),
            text!(
                "spread module `{module}` over more, smaller instances (2 or 4 CPUs each), half in each zone",
                "把模块 `{module}` 拆分到更多低配实例上（每台 2 核或 4 核），两个可用区各放一半"
            ),
        );
    }
}

/// What the rule needs of the design (the coverage report).
#[cfg(feature = "coverage")]
fn facts(cx: &crate::index::Ctx<'_>, f: &mut crate::coverage::Facts) {
    use crate::coverage::{GapBuilder, Lack};
    use crate::rules::helpers::facts as h;
    static CPU: Lack = Lack::new(
        "{id}, one of the one or two instances of its module, has no cpu",
        "{id} 所在模块只有一两台实例，而它没有写 CPU 核数（cpu）",
        "{n} ECS of modules of one or two instances have no cpu",
        "{n} 台属于一两台实例模块的 ECS 没有写 CPU 核数（cpu）",
    );
    if !h::production(cx, f) {
        return;
    }
    let mut g = GapBuilder::new(&CPU);
    for (_, members) in cx.modules.iter() {
        // A known small size already decides: the module is not all large instances.
        if members.len() > 2
            || members
                .iter()
                .any(|&i| cx.node(i).cpu.is_some_and(|c| c < 8.0))
        {
            continue;
        }
        for &i in members {
            let n = cx.node(i);
            if n.cpu.is_none() {
                g.add(&n.id, &n.ptr);
            }
        }
    }
    f.push(g);
}
