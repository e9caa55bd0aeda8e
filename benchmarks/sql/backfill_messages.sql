-- Four chat-style turns per seeded contact (agent, customer, agent, customer, 20 s apart), so each day's QA scoring
-- has real work.
insert into core.messages (message_id, interaction_id, seq, role, sent_at, text, language)
select interaction_id || '-' || s, interaction_id, s, case when s % 2 = 1 then 'agent' else 'customer' end,
       created_at + to_seconds(s * 20),
       ['お電話ありがとうございます。担当の田中でございます。', '注文した商品がまだ届きません。',
        'ご迷惑をおかけして申し訳ございません。確認いたします。', 'よろしくお願いします。'][s],
       'ja'
from core.interactions, range(1, 5) t(s)
