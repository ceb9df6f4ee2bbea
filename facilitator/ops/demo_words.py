"""The demo's cast and vocabulary: its two teams' people and the words its stories and sprint
goals are made of (:mod:`facilitator.ops.demo` draws from them with a seeded random)."""

from __future__ import annotations

# (name, role, side, seniority, time zone, start hour, end hour)
PAYMENTS_PEOPLE = (
    ("Anna Becker", "product_owner", "in_house", "senior", "Europe/Berlin", 9, 17),
    ("João Ferreira", "scrum_master", "outsourced", "senior", "Europe/Lisbon", 9, 18),
    ("Marta Kowalska", "tech_lead", "outsourced", "senior", "Europe/Warsaw", 9, 17),
    ("Lucas Almeida", "engineer", "outsourced", "senior", "America/Sao_Paulo", 9, 18),
    ("Beatriz Santos", "engineer", "outsourced", "mid", "America/Sao_Paulo", 9, 18),
    ("Piotr Nowak", "engineer", "outsourced", "junior", "Europe/Warsaw", 10, 18),
    ("Kasia Wiśniewska", "engineer", "outsourced", "junior", "Europe/Warsaw", 10, 18),
    ("Tomás Ribeiro", "qa", "outsourced", "mid", "Europe/Lisbon", 9, 17),
)
RISK_PEOPLE = (
    ("Priya Raman", "product_owner", "in_house", "senior", "Europe/London", 9, 17),
    ("Daniel Okafor", "tech_lead", "in_house", "senior", "Europe/London", 9, 17),
    ("Ana Reyes", "engineer", "outsourced", "mid", "Asia/Manila", 9, 18),
    ("Mark Dela Cruz", "engineer", "outsourced", "junior", "Asia/Manila", 9, 18),
    ("Sofia Marino", "devops", "outsourced", "senior", "Europe/Rome", 9, 17),
)
ACTIONS = (
    "Show",
    "Validate",
    "Refund",
    "Retry",
    "Export",
    "Reconcile",
    "Notify about",
    "Audit",
    "Cancel",
    "Schedule",
    "Split",
    "Mask",
    "Search",
    "Filter",
    "Archive",
    "Approve",
)
OBJECTS = (
    "card payments",
    "SEPA transfers",
    "the receipt",
    "chargebacks",
    "payout batches",
    "the merchant dashboard",
    "failed webhooks",
    "currency conversion",
    "3-D Secure challenges",
    "invoice PDFs",
    "the settlement report",
    "refund requests",
    "customer IBANs",
    "fraud alerts",
    "subscription renewals",
    "partial captures",
)
QUALIFIERS = (
    "for EU merchants",
    "in the mobile app",
    "on the admin console",
    "for marketplace sellers",
    "after a timeout",
    "in the monthly statement",
    "by date range",
    "for high-risk accounts",
    "with the exchange rate",
    "for recurring customers",
    "",
    "",
)
GOALS = (
    "Merchants can refund without calling support",
    "Settlement reports reconcile to the cent",
    "Cut failed card payments by a third",
    "Payouts run on the new banking partner",
    "Fraud alerts reach the on-call within five minutes",
    "Receipts show the converted amount and rate",
    "Disputes can be answered from the dashboard",
)
