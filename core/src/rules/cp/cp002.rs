use crate::index::Ctx;
use crate::model::NodeKind;
use crate::rule::Sink;
use crate::text;

use super::ceil;
use crate::numfmt::plain as num;

/// The largest ordinary cloud disk, in GB (2 TB).
const MAX_DISK_GB: f64 = 2048.0;

crate::declare_rule! {
    /// ## What it checks
    /// An ECS data disk (an entry of `disks_gb`) larger than 2048 GB.
    ///
    /// ## Why
    /// A single ordinary cloud disk holds at most 2 TB (the system disk aside). A larger disk
    /// cannot be bought; the data has to be spread over several disks.
    ///
    /// ## Failing example
    /// ```json
    /// { "archlint": 1,
    ///   "regions": [ { "id": "hz", "network": "classic", "zones": [ { "id": "hz-b" } ] } ],
    ///   "nodes": [ { "id": "files-1", "kind": "ecs", "zone": "hz-b", "disks_gb": [ 500, 4096 ] } ] }
    /// ```
    ///
    /// ## Passing example
    /// ```json
    /// { "archlint": 1,
    ///   "regions": [ { "id": "hz", "network": "classic", "zones": [ { "id": "hz-b" } ] } ],
    ///   "nodes": [ { "id": "files-1", "kind": "ecs", "zone": "hz-b", "disks_gb": [ 500, 2048, 2048 ] } ] }
    /// ```
    ///
    /// ## Source
    /// "Building the recommended architecture" in the classic-network ECS guide: one ordinary
    /// ECS cloud disk supports at most 2 TB of storage, not counting the system disk.
    pub struct DiskOverLimit {
        code: "CP002",
        name: "disk-over-limit",
        severity: Error,
        summary: (
            "An ECS data disk is larger than 2048 GB",
            "ECS 数据盘超过 2048 GB"
        ),
        zh: "## 检查内容\n\
ECS 的数据盘（`disks_gb` 中的一项）大于 2048 GB。\n\
\n\
## 原因\n\
一块普通云盘最多 2 TB（系统盘除外），更大的盘买不到，数据只能分散到多块盘上。\n\
\n\
## 依据\n\
经典网络 ECS 指南“搭建金融云推荐架构”一节：ECS 普通云盘单盘最多支持 2 TB 存储空间，不含系统盘。",
        check: check,
        fix: fix,
        fix_note: (
            "unsafe: replaces the disk by as many disks of 2048 GB as it takes, the last one holding the rest (disks are bought)",
            "不安全：把这块盘换成所需数量的 2048 GB 数据盘，最后一块容纳余下的容量（需要购买云盘）"
        ),
        facts: facts,
    }
}

fn check(cx: &Ctx<'_>, out: &mut Sink) {
    for n in &cx.design.nodes {
        if !n.is(NodeKind::Ecs) {
            continue;
        }
        for (ptr, size) in &n.disks_gb {
            if *size <= MAX_DISK_GB {
                continue;
            }
            let id = &n.id;
            let parts = num(ceil(size / MAX_DISK_GB));
            let size = num(*size);
            out.report(
                Some(id),
                ptr.as_str(),
                text!(
                    "`{id}` has a {size} GB data disk: one cloud disk holds at most 2048 GB",
                    "`{id}` 有一块 {size} GB 的数据盘：单块云盘最多 2048 GB"
                ),
                text!(
                    "replace it with {parts} disks of at most 2048 GB each",
                    "改为 {parts} 块每块不超过 2048 GB 的数据盘"
                ),
            );
        }
    }
}

/// Most disks a fix splits one disk into (an ECS attaches at most 16 data disks).
const MAX_PARTS: f64 = 16.0;

fn fix(cx: &Ctx<'_>, f: &crate::rule::Finding) -> Option<crate::fix::Fix> {
    use crate::fix::{Edit, Fix, Json};
    use crate::rules::helpers::fix_parts::{array_has_problems, whole_at_least};
    let n = cx.node(cx.node_index(f.target.as_deref()?)?);
    let k = n.disks_gb.iter().position(|(p, _)| *p == f.pointer)?;
    let size = n.disks_gb[k].1;
    let parts = ceil(size / MAX_DISK_GB);
    if !(2.0..=MAX_PARTS).contains(&parts) {
        return None;
    }
    let array = crate::model::ptr_join(&n.ptr, "disks_gb");
    // Every element of the file's array must be in the model's list to count them.
    if array_has_problems(cx, &array) {
        return None;
    }
    let full = MAX_DISK_GB as i64;
    let last = whole_at_least(size - MAX_DISK_GB * (parts - 1.0))?;
    let mut values: alloc::vec::Vec<Json> = (1..parts as usize).map(|_| Json::Int(full)).collect();
    values.push(Json::Int(last));
    // The disk's entry goes and its parts join the end of the list (a pointer edit cannot
    // replace an array element in place); a list of that one disk is written anew.
    let edits = if n.disks_gb.len() == 1 {
        alloc::vec![Edit::Set {
            at: array,
            value: Json::Arr(values),
        }]
    } else {
        let mut e = alloc::vec![Edit::Remove {
            at: f.pointer.clone()
        }];
        for v in values {
            e.push(Edit::Push {
                array: array.clone(),
                value: v,
            });
        }
        e
    };
    let (id, size, n_parts) = (crate::rules::df::show(&n.id), num(size), num(parts));
    let title = if last == full {
        text!(
            "replace the {size} GB disk of `{id}` by {n_parts} disks of 2048 GB",
            "把 `{id}` 的 {size} GB 数据盘换成 {n_parts} 块 2048 GB 的数据盘"
        )
    } else {
        text!(
            "replace the {size} GB disk of `{id}` by {n_parts} disks: 2048 GB each, {last} GB in the last",
            "把 `{id}` 的 {size} GB 数据盘换成 {n_parts} 块数据盘：每块 2048 GB，最后一块 {last} GB"
        )
    };
    Some(Fix::unsafe_(title, edits))
}

/// What the rule needs of the design (the coverage report).
#[cfg(feature = "coverage")]
fn facts(cx: &crate::index::Ctx<'_>, f: &mut crate::coverage::Facts) {
    use crate::rules::helpers::facts as h;
    let disks = h::nodes(cx, crate::model::NodeKind::Ecs).any(|(_, n)| !n.disks_gb.is_empty());
    if !disks {
        f.not_applicable("no ECS lists data disks", "没有写数据盘的 ECS");
    }
}
