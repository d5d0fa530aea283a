//! Surveys a prefecture sends its municipalities (like Iwate's of September 2021), the towns'
//! responses, the deadline, and the results the prefecture reads.

mod deadline;
mod iwate;
mod model;
mod question;
mod response;
mod results;

pub use deadline::{closes_at_ms, is_closed_at, JST_OFFSET_MS};
pub use model::{Survey, QUESTION_FIELD_PREFIX};
pub use question::{Choice, Question, QuestionKind};
pub use response::{
    parse_response_id, response_id, validate_response, Answer, SurveyResponse, ANSWER_FIELD_PREFIX,
    MAX_SURVEY_ID_FOR_RESPONSES,
};
pub use results::{
    survey_results, ChoiceCount, NumberSummary, QuestionResult, QuestionSummary, SurveyResults,
    TextAnswer,
};
