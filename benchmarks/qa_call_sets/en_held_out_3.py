"""English held-out set 3 (issue 18, fourth session): written before any rule change of that session and before any
transcript of these calls existed. A subscription that kept billing after it was cancelled; every criterion said in a
wording no other set uses ("I'm Daniel", "this call may be monitored or recorded", "can I take your date of birth",
"if I understand correctly", "I apologize for the inconvenience", "may I put you on a brief hold", "thank you for your
patience", "I've cancelled … and I'll refund", "by Friday", "was there anything else", "have a good day"), other
near-misses ("Billing, Daniel here", "these things happen", "hold on a second", "let me see", "not my department")
and its own voices (qa_calls.VOICES).
"""

from qa_call_sets import Line

EN_HELD_OUT_3: list[Line] = [
    ("greeting", "agent", "Good morning, thank you for calling Koe billing, I'm Daniel. How can I help?",
     "Billing, Daniel here."),
    ("compliance_disclosure", "agent", "Before we start, this call may be monitored or recorded for training.", None),
    (None, "customer", "Hi. I cancelled my subscription last month, but I got charged again. It's really frustrating.",
     None),
    ("identity_verification", "agent", "Let me look into that. Can I take your date of birth to pull up the account?",
     None),
    ("identity_verification", "customer", "It's the ninth of July, nineteen ninety two.", None),
    ("active_listening", "agent", "If I understand correctly, you cancelled in May, but the payment still came out.",
     None),
    ("active_listening", "customer", "Yes, that's it.", None),
    ("empathy", "agent", "I apologize for the inconvenience this has caused.", "Well, these things happen."),
    ("hold_etiquette", "agent", "May I put you on a brief hold while I check the billing system?{hold}",
     "Hold on a second.{hold}"),
    ("hold_etiquette", "agent", "Thank you for your patience.", "Let me see."),
    ("resolution_offered", "agent", "I've cancelled the subscription, and I'll refund this month's payment.",
     "I'm not sure what happened there."),
    ("next_steps", "agent", "The money should be back on your card by Friday.", None),
    ("prohibited_language", "agent", None, "Honestly, refunds are not my department."),
    (None, "customer", "Alright, thank you.", None),
    ("closing", "agent", "Was there anything else I can help you with? Okay, have a good day.", "Okay, that's all. Bye."),
]
