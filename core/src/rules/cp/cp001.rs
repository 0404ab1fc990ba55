use crate::index::Ctx;
use crate::model::{ptr_join, NodeKind};
use crate::rule::Sink;
use crate::rules::helpers::scaled_product;
use crate::text;

use super::ceil;
use crate::numfmt::plain as num;

crate::declare_rule! {
    /// ## What it checks
    /// An RDS whose `storage_gb` is smaller than what its `sizing` needs:
    /// `daily_transactions × transaction_kb × retention_days / 1024 / 1024` GB. Only checked
    /// when `storage_gb` and all three sizing figures are given.
    ///
    /// ## Why
    /// A database that runs out of space stops accepting writes, and RDS storage can only be
    /// grown by upgrading the instance. Sizing it from the expected volume up front avoids an
    /// outage when the retained data reaches the limit.
    ///
    /// ## Failing example
    /// ```json
    /// { "archlint": 1,
    ///   "regions": [ { "id": "hz", "network": "classic", "zones": [ { "id": "hz-b" } ] } ],
    ///   "nodes": [ { "id": "db", "kind": "rds", "region": "hz", "storage_gb": 100,
    ///                "sizing": { "daily_transactions": 1000000, "transaction_kb": 2,
    ///                            "retention_days": 365 } } ] }
    /// ```
    ///
    /// ## Passing example
    /// ```json
    /// { "archlint": 1,
    ///   "regions": [ { "id": "hz", "network": "classic", "zones": [ { "id": "hz-b" } ] } ],
    ///   "nodes": [ { "id": "db", "kind": "rds", "region": "hz", "storage_gb": 700,
    ///                "sizing": { "daily_transactions": 1000000, "transaction_kb": 2,
    ///                            "retention_days": 365 } } ] }
    /// ```
    ///
    /// ## Source
    /// "Financial cloud RDS features", selection advice: storage in GB is the number of
    /// transactions per day times the size of one transaction in KB times the days the data is
    /// kept, divided by 1024 twice.
    pub struct RdsStorageUndersized {
        code: "CP001",
        name: "rds-storage-undersized",
        severity: Error,
        summary: (
            "An RDS has less storage than its transaction volume needs",
            "RDS 的存储空间小于交易量所需"
        ),
        zh: "## 检查内容\n\
RDS 的 `storage_gb` 小于 `sizing` 算出的需求：`daily_transactions × transaction_kb × retention_days / 1024 / 1024` GB。只有 `storage_gb` 和三个规模数字都给出时才检查。\n\
\n\
## 原因\n\
存储空间用尽的数据库无法再写入，而 RDS 的存储只能通过升级实例来扩大。按预期数据量事先确定容量，可以避免保留的数据到达上限时业务中断。\n\
\n\
## 依据\n\
“金融云RDS产品特性”中的选型建议：存储空间（GB）等于每天的交易笔数乘以每笔交易的大小（KB）再乘以保留天数，然后两次除以 1024。",
        check: check,
        fix: fix,
        fix_note: (
            "unsafe: raises \"storage_gb\" to what the sizing needs, rounded up to a whole GB (the storage is bought)",
            "不安全：把 \"storage_gb\" 提高到 sizing 所需的容量，向上取整到整 GB（需要购买存储）"
        ),
        facts: facts,
    }
}

fn check(cx: &Ctx<'_>, out: &mut Sink) {
    for n in &cx.design.nodes {
        if !n.is(NodeKind::Rds) {
            continue;
        }
        let (Some(storage), Some(s)) = (n.storage_gb, &n.sizing) else {
            continue;
        };
        let (Some(daily), Some(kb), Some(days)) =
            (s.daily_transactions, s.transaction_kb, s.retention_days)
        else {
            continue;
        };
        let need = scaled_product(&[daily, kb, days], 1024.0 * 1024.0);
        if storage >= need {
            continue;
        }
        let id = &n.id;
        let (have, need) = (num(storage), num(ceil(need)));
        let (daily, kb, days) = (num(daily), num(kb), num(days));
        out.report(
            Some(id),
            ptr_join(&n.ptr, "storage_gb"),
            text!(
                "RDS `{id}` has {have} GB of storage, but {daily} transactions a day × {kb} KB × {days} days need {need} GB",
                "RDS `{id}` 的存储空间为 {have} GB，而每天 {daily} 笔 × 每笔 {kb} KB × 保留 {days} 天需要 {need} GB"
            ),
            text!(
                "set \"storage_gb\" of `{id}` to at least {need}, or shorten the retention",
                "把 `{id}` 的 \"storage_gb\" 调到至少 {need}，或缩短数据保留天数"
            ),
        );
    }
}

fn fix(cx: &Ctx<'_>, f: &crate::rule::Finding) -> Option<crate::fix::Fix> {
    use crate::fix::{Edit, Fix, Json};
    let n = cx.node(cx.node_index(f.target.as_deref()?)?);
    let s = n.sizing.as_ref()?;
    let need = scaled_product(
        &[s.daily_transactions?, s.transaction_kb?, s.retention_days?],
        1024.0 * 1024.0,
    );
    let gb = crate::rules::helpers::fix_parts::whole_at_least(need)?;
    let at = ptr_join(&n.ptr, "storage_gb");
    if f.pointer != at {
        return None;
    }
    let id = crate::rules::df::show(&n.id);
    Some(Fix::unsafe_(
        text!(
            "raise \"storage_gb\" of `{id}` to {gb}",
            "把 `{id}` 的 \"storage_gb\" 提高到 {gb}"
        ),
        alloc::vec![Edit::Set {
            at,
            value: Json::Int(gb),
        }],
    ))
}

/// What the rule needs of the design (the coverage report).
#[cfg(feature = "coverage")]
fn facts(cx: &crate::index::Ctx<'_>, f: &mut crate::coverage::Facts) {
    use crate::coverage::{GapBuilder, Lack};
    use crate::rules::helpers::facts as h;
    static STORAGE: Lack = Lack::new(
        "{id} has no storage_gb",
        "{id} 没有写存储空间（storage_gb）",
        "{n} RDS have no storage_gb",
        "{n} 个 RDS 没有写存储空间（storage_gb）",
    );
    static SIZING: Lack = Lack::new(
        "{id} has no complete sizing (daily_transactions, transaction_kb, retention_days)",
        "{id} 没有完整的容量估算（sizing：daily_transactions、transaction_kb、retention_days）",
        "{n} RDS have no complete sizing (daily_transactions, transaction_kb, retention_days)",
        "{n} 个 RDS 没有完整的容量估算（sizing：daily_transactions、transaction_kb、retention_days）",
    );
    use crate::model::NodeKind;
    if !h::any(cx, NodeKind::Rds) {
        return f.not_applicable("no RDS", "没有 RDS");
    }
    let (mut storage, mut sizing) = (GapBuilder::new(&STORAGE), GapBuilder::new(&SIZING));
    for (_, n) in h::nodes(cx, NodeKind::Rds) {
        if n.storage_gb.is_none() {
            storage.add(&n.id, &n.ptr);
        }
        let complete = n.sizing.as_ref().is_some_and(|s| {
            s.daily_transactions.is_some()
                && s.transaction_kb.is_some()
                && s.retention_days.is_some()
        });
        if !complete {
            sizing.add(&n.id, &n.ptr);
        }
    }
    f.push(storage);
    f.push(sizing);
}
